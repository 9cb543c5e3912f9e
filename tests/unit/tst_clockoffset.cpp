#include "model/clockoffset.h"

#include <QTest>
#include <cmath>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

// An arbitrary local epoch time (2026-11-24) with a non-zero millisecond part.
constexpr qint64 kLocalStartMs = 1795540083372;

// What a server whose clock is `offsetMs` ahead of ours puts in its Date header when it
// answers at local time `answeredAtMs`: whole seconds, truncated.
QDateTime dateHeader(qint64 answeredAtMs, qint64 offsetMs)
{
    const qint64 serverMs = answeredAtMs + offsetMs;
    const qint64 wholeSeconds = serverMs >= 0 ? serverMs / 1000 : (serverMs - 999) / 1000;
    return QDateTime::fromSecsSinceEpoch(wholeSeconds, Qt::UTC);
}

// One exchange: sent at `sentAtMs`, answered after `serverDelayMs`, received after `rttMs`.
void addExchange(ClockOffset *clock, qint64 sentAtMs, qint64 rttMs, qint64 serverDelayMs,
                 qint64 offsetMs)
{
    clock->addSample(sentAtMs, sentAtMs + rttMs, dateHeader(sentAtMs + serverDelayMs, offsetMs));
}

} // namespace

class TestClockOffset : public QObject
{
    Q_OBJECT

private slots:
    void unknownAtFirst();
    void singleSample_data();
    void singleSample();
    void successiveSamplesNarrow();
    void steppedClockRestarts();
    void invalidDateIgnored();
    void receivedBeforeSentIgnored();
    void trustedOnlyWithinBound_data();
    void trustedOnlyWithinBound();
    void pushAge_data();
    void pushAge();
};

void TestClockOffset::unknownAtFirst()
{
    const ClockOffset clock;
    QVERIFY(!clock.isKnown());
    QCOMPARE(clock.offsetSeconds(), 0.0);
    QCOMPARE(clock.gatewayNow(kLocalStartMs), kLocalStartMs / 1000.0);
}

void TestClockOffset::singleSample_data()
{
    QTest::addColumn<qint64>("offsetMs");
    QTest::addColumn<qint64>("rttMs");
    QTest::newRow("server 1 h ahead") << qint64(3600 * 1000) << qint64(200);
    QTest::newRow("server 5 min behind") << qint64(-300 * 1000) << qint64(200);
    QTest::newRow("server in step") << qint64(0) << qint64(20);
    QTest::newRow("server 1 h ahead, slow reply") << qint64(3600 * 1000 + 640) << qint64(900);
}

void TestClockOffset::singleSample()
{
    QFETCH(qint64, offsetMs);
    QFETCH(qint64, rttMs);
    ClockOffset clock;
    addExchange(&clock, kLocalStartMs, rttMs, rttMs / 2, offsetMs);
    QVERIFY(clock.isKnown());
    const double offset = offsetMs / 1000.0;
    QVERIFY2(
        std::abs(clock.offsetSeconds() - offset) <= 1.0,
        qPrintable(
            QStringLiteral("estimated %1 s, true %2 s").arg(clock.offsetSeconds()).arg(offset)));
    // The true offset lies inside the reported interval.
    QVERIFY(std::abs(clock.offsetSeconds() - offset) <= clock.uncertaintySeconds() + 1e-9);
    // One Date header bounds the offset to its whole second plus the round trip.
    QVERIFY(clock.uncertaintySeconds() > 0);
    QVERIFY(clock.uncertaintySeconds() <= (1000 + rttMs) / 2000.0 + 1e-9);
    const qint64 later = kLocalStartMs + 10'000;
    QVERIFY(std::abs(clock.gatewayNow(later) - (later + offsetMs) / 1000.0) <= 1.0);
}

void TestClockOffset::successiveSamplesNarrow()
{
    const qint64 offsetMs = 3600 * 1000 + 437;
    ClockOffset clock;
    addExchange(&clock, kLocalStartMs, 100, 50, offsetMs);
    const double first = clock.uncertaintySeconds();
    double previous = first;
    // Replies answered at different sub-second phases cut the interval from both sides.
    for (int i = 1; i <= 12; ++i) {
        const qint64 sent = kLocalStartMs + i * 5000 + (i * 173) % 1000;
        addExchange(&clock, sent, 100, 50, offsetMs);
        QVERIFY(clock.isKnown());
        QVERIFY2(clock.uncertaintySeconds() <= previous + 1e-9,
                 qPrintable(QStringLiteral("sample %1 widened the interval").arg(i)));
        QVERIFY2(std::abs(clock.offsetSeconds() - offsetMs / 1000.0) <=
                     clock.uncertaintySeconds() + 1e-9,
                 qPrintable(QStringLiteral("sample %1: %2 ± %3 misses %4")
                                .arg(i)
                                .arg(clock.offsetSeconds())
                                .arg(clock.uncertaintySeconds())
                                .arg(offsetMs / 1000.0)));
        previous = clock.uncertaintySeconds();
    }
    QVERIFY2(clock.uncertaintySeconds() < first / 2,
             qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(clock.uncertaintySeconds())));
    QVERIFY(std::abs(clock.offsetSeconds() - offsetMs / 1000.0) < 0.2);
}

void TestClockOffset::steppedClockRestarts()
{
    ClockOffset clock;
    for (int i = 0; i < 5; ++i)
        addExchange(&clock, kLocalStartMs + i * 3000 + i * 211, 100, 50, 3600 * 1000);
    QVERIFY(std::abs(clock.offsetSeconds() - 3600) < 1);
    const double narrowed = clock.uncertaintySeconds();

    // The gateway's clock is stepped back by an hour and five minutes: the new interval
    // cannot overlap the old one, so the estimate starts again from the newest reply.
    addExchange(&clock, kLocalStartMs + 60'000, 100, 50, -300 * 1000);
    QVERIFY(clock.isKnown());
    QVERIFY2(std::abs(clock.offsetSeconds() - (-300)) <= 1,
             qPrintable(QString::number(clock.offsetSeconds())));
    QVERIFY(clock.uncertaintySeconds() >= narrowed);

    // And narrows again from there.
    const double restarted = clock.uncertaintySeconds();
    for (int i = 1; i < 6; ++i)
        addExchange(&clock, kLocalStartMs + 60'000 + i * 2000 + i * 331, 100, 50, -300 * 1000);
    QVERIFY(clock.uncertaintySeconds() < restarted);
    QVERIFY(std::abs(clock.offsetSeconds() - (-300)) <= clock.uncertaintySeconds() + 1e-9);
}

void TestClockOffset::invalidDateIgnored()
{
    ClockOffset clock;
    clock.addSample(kLocalStartMs, kLocalStartMs + 100, QDateTime());
    QVERIFY(!clock.isKnown());
    QCOMPARE(clock.offsetSeconds(), 0.0);

    addExchange(&clock, kLocalStartMs, 100, 50, 3600 * 1000);
    const double offset = clock.offsetSeconds();
    const double uncertainty = clock.uncertaintySeconds();
    clock.addSample(kLocalStartMs + 5000, kLocalStartMs + 5100, QDateTime());
    QVERIFY(clock.isKnown());
    QCOMPARE(clock.offsetSeconds(), offset);
    QCOMPARE(clock.uncertaintySeconds(), uncertainty);
    // A header that does not parse gives an invalid QDateTime, which is ignored too.
    clock.addSample(kLocalStartMs + 5000, kLocalStartMs + 5100,
                    QDateTime::fromString(u"not a date"_s, Qt::RFC2822Date));
    QCOMPARE(clock.offsetSeconds(), offset);
}

void TestClockOffset::receivedBeforeSentIgnored()
{
    ClockOffset clock;
    clock.addSample(kLocalStartMs + 100, kLocalStartMs, dateHeader(kLocalStartMs, 3600 * 1000));
    QVERIFY(!clock.isKnown());
}

void TestClockOffset::trustedOnlyWithinBound_data()
{
    QTest::addColumn<qint64>("offsetSeconds");
    QTest::addColumn<bool>("trusted");
    QTest::addColumn<QString>("warning");
    QTest::newRow("in step") << qint64(0) << true << QString();
    QTest::newRow("4 min ahead") << qint64(240) << true << QString();
    QTest::newRow("4 min behind") << qint64(-240) << true << QString();
    QTest::newRow("10 min ahead") << qint64(600) << false
                                  << QStringLiteral("its clock is 10 minutes ahead of this "
                                                    "computer (by its Date header)");
    QTest::newRow("30 days ahead") << qint64(30 * 86400) << false
                                   << QStringLiteral("its clock is 30 days ahead of this "
                                                     "computer (by its Date header)");
    QTest::newRow("2 hours behind") << qint64(-7200) << false
                                    << QStringLiteral("its clock is 2 hours behind this "
                                                      "computer (by its Date header)");
}

void TestClockOffset::trustedOnlyWithinBound()
{
    QFETCH(qint64, offsetSeconds);
    QFETCH(bool, trusted);
    QFETCH(QString, warning);
    ClockOffset clock;
    addExchange(&clock, kLocalStartMs, 20, 10, offsetSeconds * 1000);
    QCOMPARE(clock.isTrusted(), trusted);
    QCOMPARE(clock.distrustText(), warning);
    QVERIFY(std::abs(clock.offsetSeconds() - double(offsetSeconds)) <= 1);
    // A distrusted offset is not used for ages unless asked for.
    QCOMPARE(clock.usableOffsetSeconds(), trusted ? clock.offsetSeconds() : 0.0);
    QCOMPARE(clock.usableOffsetSeconds(true), clock.offsetSeconds());
}

void TestClockOffset::pushAge_data()
{
    QTest::addColumn<double>("pushTime");
    QTest::addColumn<double>("gatewayNow");
    QTest::addColumn<double>("age");
    const double now = kLocalStartMs / 1000.0;
    QTest::newRow("30 s ago") << now - 30 << now << 30.0;
    QTest::newRow("just now") << now << now << 0.0;
    QTest::newRow("in the future") << now + 5 << now << 0.0;
    QTest::newRow("never pushed") << 0.0 << now << -1.0;
}

void TestClockOffset::pushAge()
{
    QFETCH(double, pushTime);
    QFETCH(double, gatewayNow);
    QFETCH(double, age);
    QCOMPARE(pushAgeSeconds(pushTime, gatewayNow), age);
}

QTEST_GUILESS_MAIN(TestClockOffset)
#include "tst_clockoffset.moc"
