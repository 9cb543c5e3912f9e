#include "model/duration.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>
#include <cmath>
#include <limits>

using namespace pushscope;
using namespace Qt::StringLiterals;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void formatRoundTrip_data();
    void formatRoundTrip();
    void formatAge_data();
    void formatAge();
    void formatUnixTime();
    void formatAgeInvalid_data();
    void formatAgeInvalid();
};

void TestDuration::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("seconds");
    QTest::newRow("seconds") << u"90s"_s << 90.0;
    QTest::newRow("minutes") << u"15m"_s << 15 * 60.0;
    QTest::newRow("hours") << u"2h"_s << 2 * 3600.0;
    QTest::newRow("days") << u"7d"_s << 7 * 86400.0;
    QTest::newRow("hours and minutes") << u"1h30m"_s << 5400.0;
    QTest::newRow("milliseconds") << u"250ms"_s << 0.25;
    QTest::newRow("week") << u"1w"_s << 7 * 86400.0;
    QTest::newRow("year") << u"1y"_s << 365 * 86400.0;
    QTest::newRow("minutes then milliseconds") << u"1m5ms"_s << 60.005;
    QTest::newRow("all units largest first")
        << u"1y1w1d1h1m1s1ms"_s << 365 * 86400.0 + 7 * 86400.0 + 86400.0 + 3600 + 60 + 1 + 0.001;
    QTest::newRow("zero") << u"0s"_s << 0.0;
}

void TestDuration::parseValid()
{
    QFETCH(QString, text);
    QFETCH(double, seconds);
    double parsed = -1;
    QString error;
    QVERIFY2(parseDuration(text, &parsed, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY2(
        std::abs(parsed - seconds) < 1e-9,
        qPrintable(QStringLiteral("%1 gave %2, expected %3").arg(text).arg(parsed).arg(seconds)));
}

void TestDuration::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"   "_s;
    QTest::newRow("number without unit") << u"5"_s;
    QTest::newRow("unit without number") << u"m"_s;
    QTest::newRow("units smallest first") << u"1m1h"_s;
    QTest::newRow("unit repeated") << u"1h1h"_s;
    QTest::newRow("fraction") << u"1.5h"_s;
    QTest::newRow("negative") << u"-1s"_s;
    QTest::newRow("unknown unit") << u"1x"_s;
    QTest::newRow("trailing number") << u"1h30"_s;
    // Found by tests/fuzz/fuzz_duration: 7e42 s overflowed the milliseconds (UB).
    QTest::newRow("beyond 64-bit milliseconds") << u"2222222222222222222222222111111111110y"_s;
}

void TestDuration::parseInvalid()
{
    QFETCH(QString, text);
    const double untouched = 42;
    double seconds = untouched;
    QString error;
    QVERIFY(!parseDuration(text, &seconds, &error));
    QCOMPARE(seconds, untouched);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error));
    QVERIFY2(error.contains(text), qPrintable(error));
    // The error pointer is optional.
    QVERIFY(!parseDuration(text, &seconds));
}

void TestDuration::formatRoundTrip_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("expected"); // the examples of duration.h
    QTest::newRow("90 s") << 90.0 << u"1m30s"_s;
    QTest::newRow("1h30m") << 5400.0 << u"1h30m"_s;
    QTest::newRow("250 ms") << 0.25 << u"250ms"_s;
    QTest::newRow("7 days") << 7 * 86400.0 << u"1w"_s;
    QTest::newRow("8 days") << 8 * 86400.0 << u"1w1d"_s;
    QTest::newRow("year") << 365 * 86400.0 << u"1y"_s;
    QTest::newRow("odd") << 3661.5 << u"1h1m1s500ms"_s;
}

void TestDuration::formatRoundTrip()
{
    QFETCH(double, seconds);
    QFETCH(QString, expected);
    const QString text = formatDuration(seconds);
    QCOMPARE(text, expected);
    double parsed = -1;
    QVERIFY2(parseDuration(text, &parsed), qPrintable(text));
    QVERIFY(std::abs(parsed - seconds) < 1e-9);
}

void TestDuration::formatAge_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("expected"); // the examples of duration.h
    QTest::newRow("zero") << 0.0 << u"0s"_s;
    QTest::newRow("seconds") << 12.0 << u"12s"_s;
    QTest::newRow("fraction truncated") << 12.9 << u"12s"_s;
    QTest::newRow("minutes") << 4 * 60 + 12.0 << u"4m12s"_s;
    QTest::newRow("minutes, one digit") << 4 * 60 + 2.0 << u"4m2s"_s;
    QTest::newRow("whole minutes") << 4 * 60.0 << u"4m"_s;
    QTest::newRow("hours") << 2 * 3600 + 5 * 60.0 << u"2h5m"_s;
    QTest::newRow("whole hours, seconds dropped") << 2 * 3600 + 59.0 << u"2h"_s;
    QTest::newRow("days") << 3 * 86400 + 4 * 3600.0 << u"3d4h"_s;
}

void TestDuration::formatAge()
{
    QFETCH(double, seconds);
    QFETCH(QString, expected);
    QCOMPARE(pushscope::formatAge(seconds), expected);
    // A Prometheus duration, as everywhere else in the window.
    double parsed = -1;
    QVERIFY2(pushscope::parseDuration(expected, &parsed), qPrintable(expected));
    QVERIFY(parsed <= seconds && parsed > seconds - 3600);
}

void TestDuration::formatAgeInvalid_data()
{
    QTest::addColumn<double>("seconds");
    QTest::newRow("never pushed") << -1.0;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity();
    QTest::newRow("beyond 64-bit seconds") << 7e42;
}

void TestDuration::formatAgeInvalid()
{
    QFETCH(double, seconds);
    const QString text = pushscope::formatAge(seconds);
    QVERIFY(!text.isEmpty());
    for (const QChar c : text)
        QVERIFY2(!c.isDigit(), qPrintable(text));
}

void TestDuration::formatUnixTime()
{
    QCOMPARE(pushscope::formatUnixTime(0), QStringLiteral("never"));
    QCOMPARE(pushscope::formatUnixTime(-5), QStringLiteral("never"));
    // Never converted to an integer (undefined behaviour, UBSan) when not a real time.
    QCOMPARE(pushscope::formatUnixTime(std::numeric_limits<double>::quiet_NaN()),
             QStringLiteral("–"));
    QCOMPARE(pushscope::formatUnixTime(std::numeric_limits<double>::infinity()),
             QStringLiteral("–"));
    QCOMPARE(pushscope::formatUnixTime(-std::numeric_limits<double>::infinity()),
             QStringLiteral("never"));
    QCOMPARE(pushscope::formatUnixTime(1e300), QStringLiteral("–"));
    QCOMPARE(pushscope::formatDuration(std::numeric_limits<double>::quiet_NaN()),
             QStringLiteral("0s"));
    QCOMPARE(pushscope::formatDuration(1e300), QStringLiteral("–"));
    QCOMPARE(pushscope::formatAge(1e300), QStringLiteral("–"));
    const QString text = pushscope::formatUnixTime(1700000000.75);
    QVERIFY2(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$)"))
                 .match(text)
                 .hasMatch(),
             qPrintable(text));
    // Local time, whole seconds: reads back to the same second.
    QCOMPARE(QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss")).toSecsSinceEpoch(),
             1700000000);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
