#include "seriesformat.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace pushscope {

namespace {

QString labelsText(const Labels &labels)
{
    QStringList parts;
    for (const auto &[name, value] : labels)
        parts.append(name + u'=' + quoteLabelValue(value));
    return parts.join(u", ");
}

} // namespace

QStringList seriesLegends(const QList<TimeSeries> &series)
{
    QSet<QString> varying;
    const bool namesDiffer = std::any_of(series.cbegin(), series.cend(), [&](const auto &s) {
        return s.name != series.first().name;
    });
    for (const TimeSeries &s : series) {
        for (const auto &label : s.labels) {
            for (const TimeSeries &other : series) {
                if (!other.labels.contains(label)) {
                    varying.insert(label.first);
                    break;
                }
            }
        }
    }
    QStringList legend;
    for (const TimeSeries &s : series) {
        Labels shown;
        for (const auto &label : s.labels) {
            if (varying.isEmpty() || varying.contains(label.first))
                shown.append(label);
        }
        QString text = labelsText(shown);
        if (namesDiffer || text.isEmpty())
            text = s.name + u'{' + text + u'}';
        legend.append(text);
    }
    return legend;
}

AxisScale niceScale(double low, double high, int intervals)
{
    intervals = std::max(1, intervals);
    if (!std::isfinite(low) || !std::isfinite(high) || low > high)
        return {};
    const double pad = high > low ? (high - low) * 0.02 : std::max(1.0, std::abs(high) * 0.1);
    const double raw = (high - low + 2 * pad) / intervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (const double nice : {1.0, 2.0, 2.5, 5.0}) {
        if (raw <= nice * magnitude * 1.0001) {
            step = nice * magnitude;
            break;
        }
    }
    AxisScale scale;
    scale.step = step;
    scale.low = std::floor((low - pad) / step + 1e-9) * step;
    scale.high = std::ceil((high + pad) / step - 1e-9) * step;
    scale.ticks = std::clamp(int(std::lround((scale.high - scale.low) / step)) + 1, 2, 12);
    return scale;
}

} // namespace pushscope
