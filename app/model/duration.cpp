#include "duration.h"

#include <QDateTime>
#include <QList>
#include <cmath>

namespace pushscope {

namespace {

struct Unit {
    const char16_t *name;
    double seconds;
};

// Longest names first so "ms" is not read as "m".
const Unit kUnits[] = {{u"ms", 0.001}, {u"y", 365 * 86400.0}, {u"w", 7 * 86400.0}, {u"d", 86400.0},
                       {u"h", 3600.0}, {u"m", 60.0},          {u"s", 1.0}};

constexpr double kMaxMilliseconds = 9.2e18; // just under 2^63

int unitRank(double seconds)
{
    // Order units from largest to smallest for the "largest first" rule.
    const double order[] = {365 * 86400.0, 7 * 86400.0, 86400.0, 3600.0, 60.0, 1.0, 0.001};
    for (int i = 0; i < 7; ++i) {
        if (order[i] == seconds)
            return i;
    }
    return 7;
}

} // namespace

bool parseDuration(const QString &text, double *seconds, QString *error)
{
    const QString t = text.trimmed();
    auto fail = [&] {
        if (error)
            *error = QStringLiteral("\"%1\" is not a duration: use a number and a unit like 90s, "
                                    "15m, 2h or 7d.")
                         .arg(text);
        return false;
    };
    if (t.isEmpty())
        return fail();
    double total = 0;
    int lastRank = -1;
    int i = 0;
    while (i < t.size()) {
        const int start = i;
        while (i < t.size() && t.at(i).isDigit())
            ++i;
        if (i == start)
            return fail();
        const double number = t.mid(start, i - start).toDouble();
        const Unit *unit = nullptr;
        for (const Unit &candidate : kUnits) {
            const QStringView name(candidate.name);
            if (QStringView(t).mid(i).startsWith(name)) {
                unit = &candidate;
                break;
            }
        }
        if (!unit)
            return fail();
        i += int(QStringView(unit->name).size());
        const int rank = unitRank(unit->seconds);
        if (rank <= lastRank)
            return fail();
        lastRank = rank;
        total += number * unit->seconds;
    }
    // Prometheus keeps durations as 64-bit milliseconds; longer ones are refused there too.
    if (!(total * 1000 < kMaxMilliseconds)) {
        if (error)
            *error = QStringLiteral("\"%1\" is longer than a duration can be (about 292 million "
                                    "years).")
                         .arg(text);
        return false;
    }
    *seconds = total;
    return true;
}

QString formatDuration(double seconds)
{
    if (std::isnan(seconds) || seconds <= 0)
        return QStringLiteral("0s");
    if (!(seconds * 1000 < kMaxMilliseconds)) // no such duration parses
        return QStringLiteral("–");
    qint64 ms = qint64(std::llround(seconds * 1000));
    QString text;
    const struct {
        qint64 ms;
        const char *name;
    } parts[] = {{365LL * 86400000, "y"},
                 {7LL * 86400000, "w"},
                 {86400000, "d"},
                 {3600000, "h"},
                 {60000, "m"},
                 {1000, "s"},
                 {1, "ms"}};
    for (const auto &part : parts) {
        if (ms >= part.ms) {
            text += QString::number(ms / part.ms) + QLatin1String(part.name);
            ms %= part.ms;
        }
    }
    return text;
}

QString formatAge(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0 || seconds * 1000 >= kMaxMilliseconds)
        return QStringLiteral("–");
    const qint64 s = qint64(seconds);
    const auto twoUnits = [](qint64 large, QChar largeUnit, qint64 small, QChar smallUnit) {
        QString text = QString::number(large) + largeUnit;
        if (small > 0)
            text += QString::number(small) + smallUnit;
        return text;
    };
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return twoUnits(s / 60, u'm', s % 60, u's');
    if (s < 86400)
        return twoUnits(s / 3600, u'h', (s % 3600) / 60, u'm');
    return twoUnits(s / 86400, u'd', (s % 86400) / 3600, u'h');
}

QString formatUnixTime(double unixSeconds)
{
    // Beyond the year 9999 (or NaN, or infinite) the milliseconds do not fit an integer.
    constexpr double kLastSecondOf9999 = 253402300799.0;
    if (std::isnan(unixSeconds) || unixSeconds > kLastSecondOf9999)
        return QStringLiteral("–");
    if (unixSeconds <= 0)
        return QStringLiteral("never");
    return QDateTime::fromMSecsSinceEpoch(qint64(unixSeconds * 1000))
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace pushscope
