// The cadence learned from push times (model/cadence.h) and the late rule built on it
// (OutcomeRules::withAge with a cadence).

#include "model/cadence.h"
#include "model/outcome.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;
using Kind = CadenceEstimate::Kind;

namespace {

constexpr double kStart = 1795540083.0; // Unix seconds in 2026

// Push times from kStart at the given intervals.
QList<double> pushesAt(const QList<double> &intervals)
{
    QList<double> times{kStart};
    for (double interval : intervals)
        times.append(times.constLast() + interval);
    return times;
}

CadenceEstimate regular(double interval, double jitter)
{
    CadenceEstimate cadence;
    cadence.kind = Kind::Regular;
    cadence.intervalSeconds = interval;
    cadence.jitterSeconds = jitter;
    cadence.pushes = 10;
    return cadence;
}

} // namespace

Q_DECLARE_METATYPE(pushscope::Outcome)
Q_DECLARE_METATYPE(pushscope::CadenceEstimate::Kind)

class TestCadence : public QObject
{
    Q_OBJECT

private slots:
    void estimate_data();
    void estimate();
    void recordKeepsNewestDistinct();
    void format_data();
    void format();
    void lateRule_data();
    void lateRule();
    void lateReasonCountsMissedRuns();
};

void TestCadence::estimate_data()
{
    QTest::addColumn<QList<double>>("pushTimes");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<double>("interval");
    QTest::addColumn<double>("jitter");

    QTest::newRow("no push") << QList<double>{} << Kind::Unknown << 0.0 << 0.0;
    QTest::newRow("never (0) is no push") << QList<double>{0, 0} << Kind::Unknown << 0.0 << 0.0;
    QTest::newRow("one push only") << QList<double>{kStart} << Kind::Once << 0.0 << 0.0;
    QTest::newRow("one push seen on many polls")
        << QList<double>{kStart, kStart, kStart} << Kind::Once << 0.0 << 0.0;
    QTest::newRow("two pushes are still learning")
        << pushesAt({300}) << Kind::Learning << 300.0 << 0.0;
    QTest::newRow("regular every 5m")
        << pushesAt({300, 300, 300, 300}) << Kind::Regular << 300.0 << 0.0;
    QTest::newRow("regular, three pushes") << pushesAt({60, 60}) << Kind::Regular << 60.0 << 0.0;
    // Deviations from the median 300: 10, 5, 0, 5, 10 -> their median is 5.
    QTest::newRow("jittered") << pushesAt({310, 295, 300, 305, 290}) << Kind::Regular << 300.0
                              << 5.0;
    // A run missed (one 600 s interval) moves neither the median nor the deviation's median.
    QTest::newRow("one missed run")
        << pushesAt({300, 300, 600, 300}) << Kind::Regular << 300.0 << 0.0;
    QTest::newRow("one missed run among three intervals")
        << pushesAt({5, 10, 5}) << Kind::Regular << 5.0 << 0.0;
    // Intervals 60, 120, 300, 3600: median 210, deviations 150, 90, 90, 3390 -> 120.
    QTest::newRow("irregular") << pushesAt({60, 3600, 300, 120}) << Kind::Irregular << 210.0
                               << 120.0;
    QTest::newRow("order and duplicates do not matter")
        << QList<double>{kStart + 600, kStart, kStart + 300, kStart + 300, kStart + 900}
        << Kind::Regular << 300.0 << 0.0;
}

void TestCadence::estimate()
{
    QFETCH(QList<double>, pushTimes);
    QFETCH(Kind, kind);
    QFETCH(double, interval);
    QFETCH(double, jitter);
    const CadenceEstimate cadence = estimateCadence(pushTimes);
    QCOMPARE(int(cadence.kind), int(kind));
    QCOMPARE(cadence.intervalSeconds, interval);
    QCOMPARE(cadence.jitterSeconds, jitter);
}

void TestCadence::recordKeepsNewestDistinct()
{
    QList<double> log;
    Cadence::recordPushTime(&log, 0); // never pushed
    QVERIFY(log.isEmpty());
    for (int i = 0; i < Cadence::kMaxPushTimes + 4; ++i) {
        Cadence::recordPushTime(&log, kStart + 5 * i);
        Cadence::recordPushTime(&log, kStart + 5 * i); // the next poll sees the same push
    }
    QCOMPARE(log.size(), Cadence::kMaxPushTimes);
    QCOMPARE(log.constFirst(), kStart + 5 * 4);
    QCOMPARE(log.constLast(), kStart + 5 * (Cadence::kMaxPushTimes + 3));
    QVERIFY(std::is_sorted(log.cbegin(), log.cend()));
    QCOMPARE(Cadence::format(estimateCadence(log)), u"every 5s"_s);
}

void TestCadence::format_data()
{
    QTest::addColumn<QList<double>>("pushTimes");
    QTest::addColumn<QString>("text");
    QTest::newRow("no push") << QList<double>{} << QString();
    QTest::newRow("once") << QList<double>{kStart} << u"once"_s;
    QTest::newRow("learning") << pushesAt({300}) << u"learning"_s;
    QTest::newRow("every 5m") << pushesAt({300, 300, 300}) << u"every 5m"_s;
    QTest::newRow("every 5m ± 10s") << pushesAt({310, 290, 300, 320, 280}) << u"every 5m ± 10s"_s;
    // The network's milliseconds are rounded away from a push every 5 s.
    QTest::newRow("milliseconds of noise") << pushesAt({5.003, 4.998, 5.001}) << u"every 5s"_s;
    QTest::newRow("every 1h30m") << pushesAt({5400, 5400}) << u"every 1h30m"_s;
    // Below 2 s to tenths of a second: a coarse timer's few milliseconds do not show.
    QTest::newRow("every 1s") << pushesAt({1.012, 0.985, 1.003}) << u"every 1s"_s;
    QTest::newRow("every 500ms ± 100ms")
        << pushesAt({0.4, 0.5, 0.6, 0.5, 0.4}) << u"every 500ms ± 100ms"_s;
    QTest::newRow("irregular") << pushesAt({60, 3600, 300, 120}) << u"irregular"_s;
}

void TestCadence::format()
{
    QFETCH(QList<double>, pushTimes);
    QFETCH(QString, text);
    QCOMPARE(Cadence::format(estimateCadence(pushTimes)), text);
}

void TestCadence::lateRule_data()
{
    QTest::addColumn<Outcome>("metricsOutcome");
    QTest::addColumn<CadenceEstimate>("cadence");
    QTest::addColumn<double>("age");
    QTest::addColumn<double>("staleAfter");
    QTest::addColumn<double>("lateFactor");
    QTest::addColumn<Outcome>("expected");

    const CadenceEstimate every5m = regular(300, 10);
    // Late after 2 × 300 + 10 = 610 s; stale not before 2 × 610 s.
    QTest::newRow("on time") << Outcome::Success << every5m << 400.0 << 3600.0 << 2.0
                             << Outcome::Success;
    QTest::newRow("at the threshold")
        << Outcome::Success << every5m << 610.0 << 3600.0 << 2.0 << Outcome::Success;
    QTest::newRow("late") << Outcome::Success << every5m << 611.0 << 3600.0 << 2.0 << Outcome::Late;
    QTest::newRow("unknown metrics, late")
        << Outcome::Unknown << every5m << 1020.0 << 3600.0 << 2.0 << Outcome::Late;
    QTest::newRow("failed wins over late")
        << Outcome::Failed << every5m << 1020.0 << 3600.0 << 2.0 << Outcome::Failed;
    QTest::newRow("stale later") << Outcome::Success << every5m << 3601.0 << 3600.0 << 2.0
                                 << Outcome::Stale;
    QTest::newRow("a larger factor")
        << Outcome::Success << every5m << 1020.0 << 3600.0 << 4.0 << Outcome::Success;
    QTest::newRow("stale threshold 0: late, never stale")
        << Outcome::Success << every5m << 1e7 << 0.0 << 2.0 << Outcome::Late;
    // A daily job is late after two days, and stale (1 h fixed) only after four.
    const CadenceEstimate daily = regular(86400, 60);
    QTest::newRow("daily, 3 h old")
        << Outcome::Success << daily << 10800.0 << 3600.0 << 2.0 << Outcome::Success;
    QTest::newRow("daily, 3 days old")
        << Outcome::Success << daily << 3 * 86400.0 << 3600.0 << 2.0 << Outcome::Late;
    QTest::newRow("daily, 5 days old")
        << Outcome::Success << daily << 5 * 86400.0 << 3600.0 << 2.0 << Outcome::Stale;
    // Without a regular cadence only the fixed stale threshold applies.
    CadenceEstimate irregular = regular(300, 200);
    irregular.kind = Kind::Irregular;
    QTest::newRow("irregular is never late")
        << Outcome::Success << irregular << 3000.0 << 3600.0 << 2.0 << Outcome::Success;
    QTest::newRow("irregular goes stale")
        << Outcome::Success << irregular << 3601.0 << 3600.0 << 2.0 << Outcome::Stale;
    QTest::newRow("once is never late") << Outcome::Success << estimateCadence({kStart}) << 3000.0
                                        << 3600.0 << 2.0 << Outcome::Success;
    QTest::newRow("no cadence goes stale")
        << Outcome::Success << CadenceEstimate() << 3601.0 << 3600.0 << 2.0 << Outcome::Stale;
}

void TestCadence::lateRule()
{
    QFETCH(Outcome, metricsOutcome);
    QFETCH(CadenceEstimate, cadence);
    QFETCH(double, age);
    QFETCH(double, staleAfter);
    QFETCH(double, lateFactor);
    QFETCH(Outcome, expected);
    const Verdict metrics{metricsOutcome, u"The metrics say so."_s};
    QCOMPARE(outcomeName(OutcomeRules::ageOutcome(metrics, age, staleAfter, cadence, lateFactor)),
             outcomeName(expected));
    const Verdict verdict = OutcomeRules::withAge(metrics, age, staleAfter, cadence, lateFactor);
    QCOMPARE(outcomeName(verdict.outcome), outcomeName(expected));
    QVERIFY(verdict.reason.endsWith(metrics.reason));
}

void TestCadence::lateReasonCountsMissedRuns()
{
    const Verdict metrics{Outcome::Success, u"job_last_success_unixtime is 2026-11-24."_s};
    const Verdict verdict = OutcomeRules::withAge(metrics, 17 * 60, 3600, regular(300, 10),
                                                  OutcomeRules::kDefaultLateFactor);
    QCOMPARE(verdict.outcome, Outcome::Late);
    QCOMPARE(verdict.reason, u"Expected every 5m ± 10s, last push 17m ago (3 runs missed). "
                             "job_last_success_unixtime is 2026-11-24."_s);
    QCOMPARE(OutcomeRules::lateThreshold(regular(300, 10), 2), 610.0);
    QCOMPARE(OutcomeRules::lateThreshold(CadenceEstimate(), 2), 0.0);
    Outcome parsed = Outcome::Failed;
    QVERIFY(parseOutcome(u"late"_s, &parsed));
    QCOMPARE(parsed, Outcome::Late);
}

QTEST_GUILESS_MAIN(TestCadence)
#include "tst_cadence.moc"
