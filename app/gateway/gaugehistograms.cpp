#include "gaugehistograms.h"

#include "protohistogram.h"

#include <algorithm>

namespace pushscope {

namespace {

bool isUnreadGaugeHistogram(const UnsupportedFamily &family)
{
    return family.type == u"GAUGE_HISTOGRAM" && !family.expositionTried;
}

bool toFamily(const UnsupportedFamily &wanted, const GatewayExposition &exposition,
              MetricFamily *family, QString *whyNot)
{
    const ProtoFamily *found = nullptr;
    QList<ProtoMetric> metrics;
    if (!findGroupMetrics(wanted, exposition, &found, &metrics, whyNot))
        return false;
    if (found->type != 5) {
        *whyNot = QStringLiteral("The gateway's /metrics holds %1 with another type than its "
                                 "JSON API.")
                      .arg(wanted.name);
        return false;
    }
    family->name = wanted.name;
    family->help = wanted.help;
    family->type = MetricType::Histogram;
    family->gaugeHistogram = true;
    family->readFromExposition = true;
    for (qsizetype i = 0; i < metrics.size(); ++i) {
        Sample sample;
        sample.labels = wanted.metricLabels.at(i);
        QString why;
        if (!readProtoHistogram(metrics.at(i).otherFields, &sample, &why)) {
            *whyNot =
                QStringLiteral("The gauge histogram %1 cannot be shown: %2").arg(wanted.name, why);
            return false;
        }
        family->samples.append(std::move(sample));
    }
    return true;
}

} // namespace

bool hasUnreadGaugeHistograms(const Snapshot &snapshot)
{
    return std::any_of(snapshot.groups.cbegin(), snapshot.groups.cend(), [](const Group &group) {
        return std::any_of(group.unsupportedFamilies.cbegin(), group.unsupportedFamilies.cend(),
                           isUnreadGaugeHistogram);
    });
}

int readGaugeHistograms(Snapshot *snapshot, const GatewayExposition &exposition)
{
    int read = 0;
    for (Group &group : snapshot->groups) {
        for (qsizetype i = 0; i < group.unsupportedFamilies.size();) {
            UnsupportedFamily &unsupported = group.unsupportedFamilies[i];
            if (!isUnreadGaugeHistogram(unsupported)) {
                ++i;
                continue;
            }
            MetricFamily family;
            QString whyNot;
            if (!toFamily(unsupported, exposition, &family, &whyNot)) {
                unsupported.note = whyNot;
                unsupported.expositionTried = true;
                ++i;
                continue;
            }
            group.families.append(std::move(family));
            group.unsupportedFamilies.removeAt(i);
            ++read;
        }
    }
    return read;
}

} // namespace pushscope
