#include "promql.h"

#include "model/duration.h"

#include <algorithm>
#include <array>

namespace pushscope {

namespace {

using std::chrono::milliseconds;

bool isNameStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u':';
}

} // namespace

bool isPlainMetricName(const QString &name)
{
    if (name.isEmpty() || !isNameStart(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](QChar c) { return isNameStart(c) || (c >= u'0' && c <= u'9'); });
}

QString selectorFor(const QString &metricName, const GroupingKey &key)
{
    QStringList matchers;
    QString text;
    if (isPlainMetricName(metricName))
        text = metricName;
    else
        matchers.append(QStringLiteral("__name__=") + quoteLabelValue(metricName));
    if (key.contains(QStringLiteral("job")))
        matchers.append(QStringLiteral("job=") + quoteLabelValue(key.job()));
    for (const auto &label : key.otherLabels())
        matchers.append(formatLabel(label.first, label.second));
    if (!matchers.isEmpty() || text.isEmpty())
        text += QLatin1Char('{') + matchers.join(QLatin1Char(',')) + QLatin1Char('}');
    return text;
}

QString explainQuotedNameRejection(const QString &detail)
{
    if (!detail.contains(QLatin1String("unexpected string")) ||
        !detail.contains(QLatin1String("in label matching")))
        return {};
    return QStringLiteral("This Prometheus cannot read quoted label names such as "
                          "{\"foo.bar\"=\"x\"} (PromQL 3 syntax, read from Prometheus 2.53 on), "
                          "which this group's key needs; upgrade Prometheus to chart it. (%1)")
        .arg(detail);
}

milliseconds rateWindow(milliseconds step, milliseconds scrapeInterval)
{
    return std::max({4 * step, 4 * scrapeInterval, milliseconds(std::chrono::minutes(1))});
}

QString rateExpr(const QString &selector, milliseconds window)
{
    return QStringLiteral("rate(%1[%2])")
        .arg(selector, formatDuration(double(window.count()) / 1000.0));
}

qint64 pointCount(milliseconds range, milliseconds step)
{
    if (step.count() <= 0)
        return 0;
    return std::max<qint64>(0, range.count()) / step.count() + 1;
}

milliseconds stepFor(milliseconds range, int maxPoints)
{
    static constexpr std::array<qint64, 18> kNiceSeconds = {
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    maxPoints = std::max(2, maxPoints);
    for (const qint64 seconds : kNiceSeconds) {
        const milliseconds step(seconds * 1000);
        if (pointCount(range, step) <= maxPoints)
            return step;
    }
    // Beyond a day: whole days.
    constexpr qint64 kDayMs = 86400LL * 1000;
    const qint64 minimumMs = (range.count() + (maxPoints - 2)) / (maxPoints - 1);
    const qint64 days = std::max<qint64>(1, (minimumMs + kDayMs - 1) / kDayMs);
    milliseconds step(days * kDayMs);
    while (pointCount(range, step) > maxPoints)
        step += milliseconds(kDayMs);
    return step;
}

} // namespace pushscope
