#include "seriesformat.h"

#include "timeformat.h"

#include <QDateTime>
#include <QLocale>
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

const char *const kBigPrefixes[] = {"", "k", "M", "G", "T", "P", "E"};
const char *const kSmallPrefixes[] = {"", "m", "\u00b5", "n"};

QString withUnit(const QString &number, const QString &prefix, ValueUnit unit)
{
    switch (unit) {
    case ValueUnit::PerSecond:
        return number + prefix + QStringLiteral("/s");
    case ValueUnit::Seconds:
        return number + u' ' + prefix + u's';
    case ValueUnit::Bytes:
        return number + u' ' + prefix + u'B';
    default:
        return number + prefix;
    }
}

QString trimZeros(QString number)
{
    if (!number.contains(u'.'))
        return number;
    while (number.endsWith(u'0'))
        number.chop(1);
    if (number.endsWith(u'.'))
        number.chop(1);
    return number;
}

QDateTime inDisplayZone(double unixSeconds)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(unixSeconds * 1000), Qt::UTC);
    return timesInUtc() ? time : time.toLocalTime();
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

QString seriesKey(const TimeSeries &series)
{
    return series.name + u'{' + labelsText(series.labels) + u'}';
}

QList<QPair<double, double>> perSecondRate(const QList<QPair<double, double>> &points)
{
    QList<QPair<double, double>> rates;
    for (qsizetype i = 1; i < points.size(); ++i) {
        const double dt = points[i].first - points[i - 1].first;
        const double dv = points[i].second - points[i - 1].second;
        if (dt > 0)
            rates.append({points[i].first, (dv >= 0 ? dv : points[i].second) / dt});
    }
    return rates;
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

ValueUnit unitForMetric(const QString &name)
{
    if (name.endsWith(u"_timestamp_seconds") || name.endsWith(u"_unixtime") ||
        name.endsWith(u"_time_seconds") || name.endsWith(u"_timestamp"))
        return ValueUnit::UnixTime;
    if (name.endsWith(u"_seconds") || name.endsWith(u"_seconds_total"))
        return ValueUnit::Seconds;
    if (name.endsWith(u"_bytes") || name.endsWith(u"_bytes_total"))
        return ValueUnit::Bytes;
    return ValueUnit::Plain;
}

QString formatValue(double value, ValueUnit unit)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (unit == ValueUnit::UnixTime)
        return formatTimestamp(value);
    const double magnitude = std::abs(value);
    int power = 0; // of 1000
    if (magnitude >= 10000)
        power = std::min(6, int(std::floor(std::log10(magnitude) / 3)));
    else if (unit == ValueUnit::Seconds && magnitude > 0 && magnitude < 1)
        power = std::max(-3, int(std::floor(std::log10(magnitude) / 3)));
    const QString number = QString::number(value / std::pow(1000.0, power), 'g', 4);
    const char *prefix = power >= 0 ? kBigPrefixes[power] : kSmallPrefixes[-power];
    return withUnit(number, QString::fromUtf8(prefix), unit);
}

QString AxisLabels::text(double value) const
{
    if (unit == ValueUnit::UnixTime)
        return inDisplayZone(value).toString(dateFormat);
    if (std::abs(value) < divisor * std::pow(10.0, -decimals) / 2)
        return QStringLiteral("0");
    QString number;
    if (groupDigits) {
        QLocale locale = QLocale::c();
        locale.setNumberOptions(QLocale::DefaultNumberOptions);
        number = locale.toString(value, 'f', decimals);
    } else {
        number = QString::number(value / divisor, 'f', decimals);
    }
    return withUnit(trimZeros(number), prefix, unit);
}

AxisLabels axisLabels(ValueUnit unit, double low, double high, double step)
{
    AxisLabels labels;
    labels.unit = unit == ValueUnit::Auto ? ValueUnit::Plain : unit;
    if (labels.unit == ValueUnit::UnixTime) {
        labels.dateFormat = step >= 86400 ? QStringLiteral("yyyy-MM-dd")
                            : step >= 60  ? QStringLiteral("MM-dd HH:mm")
                                          : QStringLiteral("HH:mm:ss");
        return labels;
    }
    const double magnitude = std::max(std::abs(low), std::abs(high));
    int power = 0;
    if (magnitude >= 10000)
        power = std::min(6, int(std::floor(std::log10(magnitude) / 3)));
    else if (labels.unit == ValueUnit::Seconds && magnitude > 0 && magnitude < 1)
        power = std::max(-3, int(std::floor(std::log10(magnitude) / 3)));
    labels.divisor = std::pow(1000.0, power);
    // Steps far below the prefix (1,000,002 to 1,000,010) read better as whole numbers.
    if (power > 0 && step / labels.divisor < 0.01) {
        power = 0;
        labels.divisor = 1;
        labels.groupDigits = true;
    }
    labels.prefix = QString::fromUtf8(power >= 0 ? kBigPrefixes[power] : kSmallPrefixes[-power]);
    const double scaledStep = step > 0 ? step / labels.divisor : 1;
    while (labels.decimals < 9) {
        const double shifted = scaledStep * std::pow(10.0, labels.decimals);
        if (std::abs(shifted - std::round(shifted)) < 1e-6 * std::max(1.0, shifted))
            break;
        ++labels.decimals;
    }
    return labels;
}

QList<TimeTick> timeTicks(double from, double to, int maxTicks, bool utc)
{
    constexpr int kYear = 365 * 86400; // ticks of a year or more are not on New Year's Day
    static const int kIntervals[] = {
        1,      2,      5,       10,      15,    30,        60,         120,       300,
        600,    900,    1800,    3600,    7200,  10800,     21600,      43200,     86400,
        172800, 604800, 2592000, 7776000, kYear, 5 * kYear, 10 * kYear, 50 * kYear};
    QList<TimeTick> ticks;
    if (!(to > from) || maxTicks < 1)
        return ticks;
    int interval = kIntervals[std::size(kIntervals) - 1];
    for (const int candidate : kIntervals) {
        if ((to - from) / candidate <= maxTicks) {
            interval = candidate;
            break;
        }
    }
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(qint64(from * 1000), Qt::UTC);
    const int offset = utc ? 0 : start.toLocalTime().offsetFromUtc();
    const bool severalDays = to - from > 86400;
    const QString format = interval < 60         ? QStringLiteral("HH:mm:ss")
                           : interval >= 2592000 ? QStringLiteral("yyyy-MM-dd")
                           : interval >= 86400   ? QStringLiteral("MMM d")
                           : severalDays         ? QStringLiteral("MMM d HH:mm")
                                                 : QStringLiteral("HH:mm");
    QSet<QString> used;
    double time = std::ceil((from + offset) / interval) * interval - offset;
    for (; time <= to && ticks.size() <= maxTicks; time += interval) {
        QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(time * 1000), Qt::UTC);
        if (!utc)
            at = at.toLocalTime();
        // Midnight names the day when the other ticks name hours.
        const bool midnight = interval >= 60 && interval < 86400 && at.time() == QTime(0, 0);
        QString label = at.toString(midnight ? QStringLiteral("MMM d") : format);
        if (used.contains(label)) // the axis needs distinct labels
            label = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        used.insert(label);
        ticks.append({time, label});
    }
    return ticks;
}

} // namespace pushscope
