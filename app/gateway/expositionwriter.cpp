#include "expositionwriter.h"

#include "snapshotparser.h"

namespace pushscope {

namespace {

QString escapeHelp(const QString &help)
{
    QString escaped = help;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return escaped;
}

// The sample's own labels: those not fixed by the grouping key.
Labels ownLabels(const Labels &labels, const GroupingKey &key)
{
    Labels own;
    for (const auto &label : labels) {
        if (key.contains(label.first))
            continue;
        if (label.first == u"instance" && label.second.isEmpty())
            continue; // added by the gateway
        own.append(label);
    }
    return own;
}

QString series(const QString &name, const Labels &labels, const QString &extraName = {},
               const QString &extraValue = {})
{
    QStringList parts;
    for (const auto &label : labels)
        parts.append(label.first + QLatin1Char('=') + quoteLabelValue(label.second));
    if (!extraName.isEmpty())
        parts.append(extraName + QLatin1Char('=') + quoteLabelValue(extraValue));
    if (parts.isEmpty())
        return name;
    return name + QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

void line(QString *out, const QString &seriesText, double value)
{
    *out += seriesText + QLatin1Char(' ') + formatMetricNumber(value) + QLatin1Char('\n');
}

} // namespace

QByteArray toExpositionText(const Group &group)
{
    QString out;
    for (const MetricFamily &family : group.families) {
        if (!family.help.isEmpty())
            out += QStringLiteral("# HELP %1 %2\n").arg(family.name, escapeHelp(family.help));
        out += QStringLiteral("# TYPE %1 %2\n").arg(family.name, metricTypeName(family.type));
        for (const Sample &sample : family.samples) {
            const Labels labels = ownLabels(sample.labels, group.key);
            switch (family.type) {
            case MetricType::Counter:
            case MetricType::Gauge:
            case MetricType::Untyped:
                line(&out, series(family.name, labels), sample.value);
                break;
            case MetricType::Summary:
                for (const auto &quantile : sample.quantiles)
                    line(&out,
                         series(family.name, labels, QStringLiteral("quantile"),
                                formatMetricNumber(quantile.first)),
                         quantile.second);
                line(&out, series(family.name + QStringLiteral("_sum"), labels), sample.sum);
                line(&out, series(family.name + QStringLiteral("_count"), labels), sample.count);
                break;
            case MetricType::Histogram:
                for (const auto &bucket : sample.buckets)
                    line(&out,
                         series(family.name + QStringLiteral("_bucket"), labels,
                                QStringLiteral("le"), formatMetricNumber(bucket.first)),
                         bucket.second);
                line(&out, series(family.name + QStringLiteral("_sum"), labels), sample.sum);
                line(&out, series(family.name + QStringLiteral("_count"), labels), sample.count);
                break;
            }
        }
    }
    return out.toUtf8();
}

} // namespace pushscope
