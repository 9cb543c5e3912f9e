#include "unsupportedbackup.h"

#include "protobufwriter.h"

#include <algorithm>

namespace pushscope {

namespace {

Labels sortedByName(Labels labels)
{
    std::stable_sort(labels.begin(), labels.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    return labels;
}

// This group's metrics of `wanted`, written for a backup, labels as pushed.
bool selectMetrics(const UnsupportedFamily &wanted, const GatewayExposition &exposition,
                   const GroupingKey &key, QByteArray *out, QString *whyNot)
{
    const ProtoFamily *family = nullptr;
    QList<ProtoMetric> metrics;
    if (!findGroupMetrics(wanted, exposition, &family, &metrics, whyNot))
        return false;
    for (ProtoMetric &metric : metrics)
        metric.labels = detail::ownLabels(metric.labels, key);
    out->append(writeDelimitedFamily(*family, metrics));
    return true;
}

// The families read from /metrics for display go back to being taken from there, whole.
Group withExpositionFamiliesUnsupported(const Group &group)
{
    Group copy = group;
    copy.families.clear();
    for (const MetricFamily &family : group.families) {
        if (!family.readFromExposition) {
            copy.families.append(family);
            continue;
        }
        UnsupportedFamily unsupported;
        unsupported.name = family.name;
        unsupported.type = QStringLiteral("GAUGE_HISTOGRAM");
        unsupported.help = family.help;
        unsupported.metricLabelsRead = true;
        for (const Sample &sample : family.samples)
            unsupported.metricLabels.append(sortedByName(sample.labels));
        copy.unsupportedFamilies.append(unsupported);
    }
    return copy;
}

} // namespace

bool findGroupMetrics(const UnsupportedFamily &wanted, const GatewayExposition &exposition,
                      const ProtoFamily **family, QList<ProtoMetric> *metrics, QString *whyNot)
{
    const QString &name = wanted.name;
    if (!wanted.metricLabelsRead) {
        *whyNot = QStringLiteral("The labels of the metrics of %1 could not be read from the "
                                 "gateway's JSON API, so they cannot be told apart from other "
                                 "groups' in its /metrics.")
                      .arg(name);
        return false;
    }
    if (wanted.metricLabels.isEmpty()) {
        *whyNot = QStringLiteral("The gateway's JSON API lists no metrics of %1.").arg(name);
        return false;
    }
    if (!exposition.error.isEmpty()) {
        *whyNot = QStringLiteral("The JSON API does not show %1 in full, and the gateway's "
                                 "/metrics could not be read instead: %2")
                      .arg(name, exposition.error);
        return false;
    }
    const auto found = exposition.byName.constFind(name);
    if (exposition.repeatedNames.contains(name) || found == exposition.byName.cend() ||
        !found->family.exactText) {
        *whyNot = QStringLiteral("The family %1 is not found exactly once in the gateway's "
                                 "/metrics.")
                      .arg(name);
        return false;
    }
    QSet<int> taken;
    for (const Labels &labels : wanted.metricLabels) {
        const QList<int> matches = found->metricsByLabels.value(sortedByName(labels));
        if (matches.size() != 1 || taken.contains(matches.first()) ||
            !found->family.metrics.at(matches.first()).exactText) {
            *whyNot = QStringLiteral("The metric %1%2 is not found exactly once in the gateway's "
                                     "/metrics.")
                          .arg(name, GroupingKey(labels).toString());
            return false;
        }
        taken.insert(matches.first());
        metrics->append(found->family.metrics.at(matches.first()));
    }
    *family = &found->family;
    return true;
}

GatewayExposition GatewayExposition::fromBody(QByteArrayView body)
{
    ProtoReadResult read = readDelimitedFamilies(body);
    if (!read.ok)
        return failed(read.error);
    GatewayExposition exposition;
    for (ProtoFamily &family : read.families) {
        const QString name = family.name;
        if (exposition.repeatedNames.contains(name) || exposition.byName.contains(name)) {
            exposition.byName.remove(name);
            exposition.repeatedNames.insert(name);
            continue;
        }
        Family &entry = exposition.byName[name];
        for (int i = 0; i < family.metrics.size(); ++i)
            entry.metricsByLabels[sortedByName(family.metrics.at(i).labels)].append(i);
        entry.family = std::move(family);
    }
    return exposition;
}

GatewayExposition GatewayExposition::failed(const QString &error)
{
    GatewayExposition exposition;
    exposition.error = error;
    return exposition;
}

bool needsExposition(const Group &group)
{
    return !group.unsupportedFamilies.isEmpty() ||
           std::any_of(group.families.cbegin(), group.families.cend(),
                       [](const MetricFamily &family) { return family.readFromExposition; });
}

RestorableBody toRestorableBody(const Group &shown, const GatewayExposition &exposition)
{
    if (!needsExposition(shown))
        return toRestorableBody(shown);
    const Group group = withExpositionFamiliesUnsupported(shown);
    RestorableBody result;
    QByteArray body = toDelimitedProtobuf(group, &result.whyNot);
    if (!result.isRestorable())
        return result;
    for (const UnsupportedFamily &family : group.unsupportedFamilies) {
        if (!selectMetrics(family, exposition, group.key, &body, &result.whyNot))
            return result;
    }
    result.body = std::move(body);
    result.contentType = kDelimitedProtobufContentType;
    return result;
}

} // namespace pushscope
