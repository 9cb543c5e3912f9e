// One date format everywhere (issue 14.3): ISO 8601 with the zone, local or UTC. The process
// runs in a fixed zone one and a half hours ahead of UTC, without daylight saving time, set
// before Qt reads it.
#include "model/timeformat.h"

#include <QDateTime>
#include <QTest>
#include <ctime>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr double kInstant = 1795540083; // 2026-11-24 17:08:03 UTC

} // namespace

class TestTimeFormat : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { setTimesInUtc(false); }

    void localTimeWithOffset();
    void utcWithZ();
    void dateTimeOverload();
    void neverAndOutOfRange();
    void otherOffsetsShownLocally();
    void zoneWestOfUtc();
    void timeOfDay();
};

// The status bar's "Last poll" and the banner's "last success" follow the UTC switch too.
void TestTimeFormat::timeOfDay()
{
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(qint64(kInstant), Qt::UTC);
    setTimesInUtc(false);
    QCOMPARE(formatTimeOfDay(utc), u"18:38:03 +01:30"_s);
    setTimesInUtc(true);
    QCOMPARE(formatTimeOfDay(utc.toLocalTime()), u"17:08:03Z"_s);
    QCOMPARE(formatTimeOfDay(QDateTime()), QString());
}

void TestTimeFormat::localTimeWithOffset()
{
    setTimesInUtc(false);
    QCOMPARE(formatTimestamp(kInstant), u"2026-11-24 18:38:03 +01:30"_s);
    QCOMPARE(formatTimestamp(kInstant + 0.999), u"2026-11-24 18:38:03 +01:30"_s);
}

void TestTimeFormat::utcWithZ()
{
    setTimesInUtc(true);
    QVERIFY(timesInUtc());
    QCOMPARE(formatTimestamp(kInstant), u"2026-11-24 17:08:03Z"_s);
    QCOMPARE(formatZone(QDateTime::currentDateTime()), u"Z"_s);
}

void TestTimeFormat::dateTimeOverload()
{
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(qint64(kInstant), Qt::UTC);
    setTimesInUtc(false);
    QCOMPARE(formatTimestamp(utc), u"2026-11-24 18:38:03 +01:30"_s);
    QCOMPARE(formatTimestamp(utc.toLocalTime()), u"2026-11-24 18:38:03 +01:30"_s);
    // The expectation computed by Qt for the same zone.
    QCOMPARE(formatTimestamp(utc),
             utc.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" +01:30"_s);
    setTimesInUtc(true);
    QCOMPARE(formatTimestamp(utc.toLocalTime()), u"2026-11-24 17:08:03Z"_s);
    QCOMPARE(formatTimestamp(QDateTime()), QString());
}

void TestTimeFormat::neverAndOutOfRange()
{
    QCOMPARE(formatTimestamp(0.0), u"never"_s);
    QCOMPARE(formatTimestamp(-5.0), u"never"_s);
    QCOMPARE(formatTimestamp(std::numeric_limits<double>::quiet_NaN()), u"–"_s);
    QCOMPARE(formatTimestamp(std::numeric_limits<double>::infinity()), u"–"_s);
    QCOMPARE(formatTimestamp(1e300), u"–"_s);
}

void TestTimeFormat::otherOffsetsShownLocally()
{
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(qint64(kInstant), Qt::UTC);
    const QDateTime west = utc.toOffsetFromUtc(-(5 * 3600 + 45 * 60));
    setTimesInUtc(false);
    QCOMPARE(formatZone(west), u"+01:30"_s); // shown in local time, whatever it came in
    QCOMPARE(formatTimestamp(west), u"2026-11-24 18:38:03 +01:30"_s);
}

// A zone west of UTC (TZ read again): the offset takes its sign.
void TestTimeFormat::zoneWestOfUtc()
{
    const QByteArray before = qgetenv("TZ");
    qputenv("TZ", "ABC+5:45");
    tzset();
    setTimesInUtc(false);
    const QString text = formatTimestamp(kInstant);
    qputenv("TZ", before);
    tzset();
    QCOMPARE(text, u"2026-11-24 11:23:03 -05:45"_s);
}

int main(int argc, char *argv[])
{
    // POSIX: the name, then the offset *west* of UTC: "-1:30" is 1h30 ahead.
    qputenv("TZ", "XYZ-1:30");
    tzset();
    QCoreApplication app(argc, argv);
    TestTimeFormat test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_timeformat.moc"
