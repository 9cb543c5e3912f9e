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

// This group's metrics of `wanted`, from the exposition; false and a sentence if any is
// missing or could be another's.
bool selectMetrics(const UnsupportedFamily &wanted, const GatewayExposition &exposition,
                   const GroupingKey &key, QByteArray *out, QString *whyNot)
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
    QList<ProtoMetric> metrics;
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
        ProtoMetric metric = found->family.metrics.at(matches.first());
        metric.labels = detail::ownLabels(metric.labels, key);
        metrics.append(std::move(metric));
    }
    out->append(writeDelimitedFamily(found->family, metrics));
    return true;
}

} // namespace

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

RestorableBody toRestorableBody(const Group &group, const GatewayExposition &exposition)
{
    if (group.unsupportedFamilies.isEmpty())
        return toRestorableBody(group);
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
