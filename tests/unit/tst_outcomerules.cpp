#include "model/outcome.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

// Unix seconds in 2026, well away from zero.
constexpr double kNow = 1795540083.0;

struct FamilySpec {
    QString name;
    MetricType type = MetricType::Gauge;
    double value = 0;
};

Group makeGroup(const QList<FamilySpec> &specs, bool lastPushSuccessful = true)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, u"batch"_s}, {u"instance"_s, u"x"_s}});
    group.pushTime = kNow - 60;
    group.pushFailureTime = lastPushSuccessful ? 0 : kNow - 10;
    group.lastPushSuccessful = lastPushSuccessful;
    for (const FamilySpec &spec : specs) {
        MetricFamily family;
        family.name = spec.name;
        family.type = spec.type;
        Sample sample;
        sample.labels = group.key.labels();
        sample.value = spec.value;
        family.samples.append(sample);
        group.families.append(family);
    }
    return group;
}

FamilySpec gauge(const QString &name, double value)
{
    return {name, MetricType::Gauge, value};
}

bool isSentence(const QString &text)
{
    return !text.trimmed().isEmpty() && text.trimmed().endsWith(QLatin1Char('.'));
}

} // namespace

Q_DECLARE_METATYPE(pushscope::Outcome)
Q_DECLARE_METATYPE(FamilySpec)

class TestOutcomeRules : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data();
    void evaluate();
    void staleness_data();
    void staleness();
    void outcomeNames_data();
    void outcomeNames();
    void parseOutcomeRejects();
    void staleReasonSaysDurations();
    void lastFailureTimeFromEveryRule();
};

void TestOutcomeRules::evaluate_data()
{
    QTest::addColumn<bool>("lastPushSuccessful");
    QTest::addColumn<QList<FamilySpec>>("families");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("reasonMentions");

    // Rule 1: the gateway's own record of the last push wins over everything.
    QTest::newRow("1 last push failed")
        << false << QList<FamilySpec>{} << Outcome::Failed << QString();
    QTest::newRow("1 last push failed beats job_success 1")
        << false << QList<FamilySpec>{gauge(u"job_success"_s, 1)} << Outcome::Failed << QString();

    // Rule 2: *_last_failure_* newer than the matching *_last_success_*.
    QTest::newRow("2 failure newer than success")
        << true
        << QList<FamilySpec>{gauge(u"backup_last_failure_timestamp_seconds"_s, kNow - 100),
                             gauge(u"backup_last_success_timestamp_seconds"_s, kNow - 900)}
        << Outcome::Failed << u"backup_last_failure_timestamp_seconds"_s;
    QTest::newRow("2 failure without any success")
        << true << QList<FamilySpec>{gauge(u"backup_last_failure_timestamp_seconds"_s, kNow)}
        << Outcome::Failed << u"backup_last_success_timestamp_seconds"_s;
    QTest::newRow("2 failure older than success falls through to 6")
        << true
        << QList<FamilySpec>{gauge(u"backup_last_failure_timestamp_seconds"_s, kNow - 900),
                             gauge(u"backup_last_success_timestamp_seconds"_s, kNow - 100)}
        << Outcome::Success << u"backup_last_success_timestamp_seconds"_s;
    QTest::newRow("2 failure newer beats exit code 0")
        << true
        << QList<FamilySpec>{gauge(u"backup_exit_code"_s, 0),
                             gauge(u"backup_last_failure_unixtime"_s, kNow - 100),
                             gauge(u"backup_last_success_unixtime"_s, kNow - 900)}
        << Outcome::Failed << u"backup_last_failure_unixtime"_s;

    // Rule 3: *_last_completion_timestamp_seconds newer than *_last_success_timestamp_seconds.
    QTest::newRow("3 completion newer than success")
        << true
        << QList<FamilySpec>{gauge(u"etl_last_completion_timestamp_seconds"_s, kNow - 100),
                             gauge(u"etl_last_success_timestamp_seconds"_s, kNow - 900)}
        << Outcome::Failed << QString();
    QTest::newRow("3 completion equal to success falls through to 6")
        << true
        << QList<FamilySpec>{gauge(u"etl_last_completion_timestamp_seconds"_s, kNow - 100),
                             gauge(u"etl_last_success_timestamp_seconds"_s, kNow - 100)}
        << Outcome::Success << u"etl_last_success_timestamp_seconds"_s;
    QTest::newRow("3 completion without success")
        << true << QList<FamilySpec>{gauge(u"etl_last_completion_timestamp_seconds"_s, kNow)}
        << Outcome::Failed << u"etl_last_success_timestamp_seconds"_s;

    // Rule 4: a success gauge.
    QTest::newRow("4 job_success 0") << true << QList<FamilySpec>{gauge(u"job_success"_s, 0)}
                                     << Outcome::Failed << u"job_success"_s;
    QTest::newRow("4 job_success 1") << true << QList<FamilySpec>{gauge(u"job_success"_s, 1)}
                                     << Outcome::Success << u"job_success"_s;
    QTest::newRow("4 backup_success 0 beats exit code 0")
        << true << QList<FamilySpec>{gauge(u"backup_exit_code"_s, 0), gauge(u"backup_success"_s, 0)}
        << Outcome::Failed << u"backup_success"_s;
    QTest::newRow("4 untyped *_success 1")
        << true << QList<FamilySpec>{{u"backup_success"_s, MetricType::Untyped, 1}}
        << Outcome::Success << u"backup_success"_s;
    QTest::newRow("4 a counter named *_success is no gauge")
        << true << QList<FamilySpec>{{u"backup_success"_s, MetricType::Counter, 0}}
        << Outcome::Unknown << QString();

    // Rule 5: an exit code.
    QTest::newRow("5 exit code 0") << true << QList<FamilySpec>{gauge(u"backup_exit_code"_s, 0)}
                                   << Outcome::Success << u"backup_exit_code"_s;
    QTest::newRow("5 exit code 2") << true << QList<FamilySpec>{gauge(u"backup_exit_code"_s, 2)}
                                   << Outcome::Failed << u"backup_exit_code"_s;

    // Rule 6: any *_last_success_* time.
    QTest::newRow("6 job_last_success_unixtime")
        << true << QList<FamilySpec>{gauge(u"job_last_success_unixtime"_s, kNow - 30)}
        << Outcome::Success << u"job_last_success_unixtime"_s;
    QTest::newRow("6 last success 0 means never")
        << true << QList<FamilySpec>{gauge(u"job_last_success_unixtime"_s, 0)} << Outcome::Unknown
        << QString();

    // Rule 7: nothing to go by.
    QTest::newRow("7 no outcome metric")
        << true
        << QList<FamilySpec>{gauge(u"processed_items"_s, 42), gauge(u"job_duration_seconds"_s, 12)}
        << Outcome::Unknown << QString();
    QTest::newRow("7 no families") << true << QList<FamilySpec>{} << Outcome::Unknown << QString();
}

void TestOutcomeRules::evaluate()
{
    QFETCH(bool, lastPushSuccessful);
    QFETCH(QList<FamilySpec>, families);
    QFETCH(Outcome, outcome);
    QFETCH(QString, reasonMentions);

    const Verdict verdict = OutcomeRules::evaluate(makeGroup(families, lastPushSuccessful));
    QCOMPARE(outcomeName(verdict.outcome), outcomeName(outcome));
    QVERIFY2(isSentence(verdict.reason), qPrintable(verdict.reason));
    if (!reasonMentions.isEmpty())
        QVERIFY2(verdict.reason.contains(reasonMentions), qPrintable(verdict.reason));
}

void TestOutcomeRules::staleness_data()
{
    QTest::addColumn<Outcome>("metricsOutcome");
    QTest::addColumn<double>("age");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<Outcome>("expected");
    QTest::newRow("success, old") << Outcome::Success << 7200.0 << 3600.0 << Outcome::Stale;
    QTest::newRow("unknown, old") << Outcome::Unknown << 7200.0 << 3600.0 << Outcome::Stale;
    QTest::newRow("failed stays failed") << Outcome::Failed << 7200.0 << 3600.0 << Outcome::Failed;
    QTest::newRow("success, young") << Outcome::Success << 60.0 << 3600.0 << Outcome::Success;
    QTest::newRow("exactly at threshold")
        << Outcome::Success << 3600.0 << 3600.0 << Outcome::Success;
    QTest::newRow("threshold 0 disables") << Outcome::Success << 1e9 << 0.0 << Outcome::Success;
    QTest::newRow("never pushed is not stale")
        << Outcome::Unknown << -1.0 << 3600.0 << Outcome::Unknown;
}

void TestOutcomeRules::staleness()
{
    QFETCH(Outcome, metricsOutcome);
    QFETCH(double, age);
    QFETCH(double, threshold);
    QFETCH(Outcome, expected);
    const Verdict metrics{metricsOutcome, u"The metrics say so."_s};
    const bool stale = OutcomeRules::isStale(metrics, age, threshold);
    QCOMPARE(stale, expected == Outcome::Stale);
    const Verdict verdict = OutcomeRules::withAge(metrics, age, threshold);
    QCOMPARE(outcomeName(verdict.outcome), outcomeName(expected));
    QVERIFY2(isSentence(verdict.reason), qPrintable(verdict.reason));
    // The metrics' own reason is kept (and, when stale, explained further).
    QVERIFY(verdict.reason.contains(metrics.reason));
    if (stale)
        QVERIFY(verdict.reason.size() > metrics.reason.size());
}

// "stale threshold of 0 min" for 30 s said nothing: durations as people read them.
void TestOutcomeRules::staleReasonSaysDurations()
{
    const Verdict metrics{Outcome::Success, u"The metrics say so."_s};
    const Verdict verdict = OutcomeRules::withAge(metrics, 150, 30);
    QCOMPARE(verdict.outcome, Outcome::Stale);
    QVERIFY2(
        verdict.reason.startsWith(u"No push for 2m30s, longer than the stale threshold of 30s."_s),
        qPrintable(verdict.reason));
}

// "Last failure" comes from every failure rule: a failed push, the job's own *_last_failure_*
// metrics, a completion newer than the success (its time), and a push that says the run
// failed (job_success 0, a non-zero exit code: the time of that push).
void TestOutcomeRules::lastFailureTimeFromEveryRule()
{
    QCOMPARE(OutcomeRules::lastFailureTime(makeGroup({gauge(u"job_success"_s, 1)})), 0.0);
    const Group byMetric = makeGroup({gauge(u"job_last_failure_timestamp_seconds"_s, kNow - 300),
                                      gauge(u"job_last_success_timestamp_seconds"_s, kNow - 600)});
    QCOMPARE(OutcomeRules::evaluate(byMetric).outcome, Outcome::Failed);
    QCOMPARE(OutcomeRules::lastFailureTime(byMetric), kNow - 300);
    // A failed push later than the metric's failure.
    Group both = makeGroup({gauge(u"backup_last_failure_unixtime"_s, kNow - 300)}, false);
    QCOMPARE(OutcomeRules::lastFailureTime(both), kNow - 10);
    both.pushFailureTime = kNow - 900;
    QCOMPARE(OutcomeRules::lastFailureTime(both), kNow - 300);

    const Group completed =
        makeGroup({gauge(u"etl_last_completion_timestamp_seconds"_s, kNow - 120),
                   gauge(u"etl_last_success_timestamp_seconds"_s, kNow - 3600)});
    QCOMPARE(OutcomeRules::evaluate(completed).outcome, Outcome::Failed);
    QCOMPARE(OutcomeRules::lastFailureTime(completed), kNow - 120);
    const Group completedOk =
        makeGroup({gauge(u"etl_last_completion_timestamp_seconds"_s, kNow - 120),
                   gauge(u"etl_last_success_timestamp_seconds"_s, kNow - 120)});
    QCOMPARE(OutcomeRules::lastFailureTime(completedOk), 0.0);
    const Group gaugeZero = makeGroup({gauge(u"job_success"_s, 0)});
    QCOMPARE(OutcomeRules::evaluate(gaugeZero).outcome, Outcome::Failed);
    QCOMPARE(OutcomeRules::lastFailureTime(gaugeZero), kNow - 60);
    const Group exitCode = makeGroup({gauge(u"backup_exit_code"_s, 2)});
    QCOMPARE(OutcomeRules::evaluate(exitCode).outcome, Outcome::Failed);
    QCOMPARE(OutcomeRules::lastFailureTime(exitCode), kNow - 60);
    // An old failure record, older than the success, and a later run failed by its exit
    // code: that run (the last push) is the last failure.
    const Group oldRecord = makeGroup({gauge(u"job_last_failure_timestamp_seconds"_s, kNow - 7200),
                                       gauge(u"job_last_success_timestamp_seconds"_s, kNow - 600),
                                       gauge(u"job_exit_code"_s, 2)});
    QCOMPARE(OutcomeRules::evaluate(oldRecord).outcome, Outcome::Failed);
    QCOMPARE(OutcomeRules::lastFailureTime(oldRecord), kNow - 60);
    // The same passing (exit code 0): the record's time.
    const Group passed = makeGroup({gauge(u"job_last_failure_timestamp_seconds"_s, kNow - 7200),
                                    gauge(u"job_last_success_timestamp_seconds"_s, kNow - 600),
                                    gauge(u"job_exit_code"_s, 0)});
    QCOMPARE(OutcomeRules::lastFailureTime(passed), kNow - 7200);
    // The two-argument form (the table's sort) gives the same as the one that evaluates.
    for (const Group &group : {byMetric, completed, gaugeZero, exitCode, oldRecord, passed})
        QCOMPARE(OutcomeRules::lastFailureTime(group, OutcomeRules::evaluate(group).outcome),
                 OutcomeRules::lastFailureTime(group));
}

void TestOutcomeRules::outcomeNames_data()
{
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("failed") << Outcome::Failed;
    QTest::newRow("stale") << Outcome::Stale;
    QTest::newRow("late") << Outcome::Late;
    QTest::newRow("unknown") << Outcome::Unknown;
    QTest::newRow("success") << Outcome::Success;
}

void TestOutcomeRules::outcomeNames()
{
    QFETCH(Outcome, outcome);
    const QString name = outcomeName(outcome);
    QCOMPARE(name, QString::fromLatin1(QTest::currentDataTag()));
    Outcome parsed = outcome == Outcome::Failed ? Outcome::Success : Outcome::Failed;
    QVERIFY(parseOutcome(name, &parsed));
    QCOMPARE(int(parsed), int(outcome));
    parsed = outcome == Outcome::Failed ? Outcome::Success : Outcome::Failed;
    QVERIFY(parseOutcome(name.toUpper(), &parsed));
    QCOMPARE(int(parsed), int(outcome));
}

void TestOutcomeRules::parseOutcomeRejects()
{
    for (const QString &text : {QString(), u"fail"_s, u"ok"_s, u"successful"_s, u" stale"_s}) {
        Outcome outcome = Outcome::Stale;
        QVERIFY2(!parseOutcome(text, &outcome), qPrintable(text));
        QCOMPARE(int(outcome), int(Outcome::Stale));
    }
}

QTEST_GUILESS_MAIN(TestOutcomeRules)
#include "tst_outcomerules.moc"
