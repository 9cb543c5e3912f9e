// File ▸ Export alert rules…: the rule file for the selected groups (all visible ones when
// none is selected) uses the cadences the model learned, is saved whole and accepted by
// promtool; the main window offers the action in its File menu.

#include "model/grouptablemodel.h"
#include "table/rulesexport.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStartMs = 1795540083000;

Group pushedAt(const QString &job, double pushTime)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}});
    group.pushTime = pushTime;
    MetricFamily family;
    family.name = u"job_success"_s;
    family.type = MetricType::Gauge;
    Sample sample;
    sample.value = 1;
    family.samples.append(sample);
    group.families.append(family);
    return group;
}

} // namespace

class TestRulesExport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void allVisibleWithLearnedCadence();
    void selectionOnly();
    void savesThroughThePrompt();

private:
    qint64 m_nowMs = kStartMs;
    GroupTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QWidget *m_window = nullptr;
    ui::RulesExport *m_export = nullptr;
};

void TestRulesExport::init()
{
    m_nowMs = kStartMs;
    m_window = new QWidget;
    m_model = new GroupTableModel(m_window);
    m_model->setLocalClock([this] { return m_nowMs; });
    m_model->setStaleAfter(600);
    const int gateway = m_model->addGateway(u"gw"_s);
    // "every5s" pushes before each of six polls 5 s apart; "once" pushed once.
    const double once = m_nowMs / 1000.0 - 1;
    for (int i = 0; i < 6; ++i) {
        Snapshot snapshot;
        snapshot.groups = {pushedAt(u"every5s"_s, m_nowMs / 1000.0 - 0.2),
                           pushedAt(u"once"_s, once)};
        m_model->applySnapshot(gateway, snapshot, 0);
        m_nowMs += 5000;
    }
    m_table = new QTableView(m_window);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_export = new ui::RulesExport(m_model, m_table, m_window);
}

void TestRulesExport::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void TestRulesExport::allVisibleWithLearnedCadence()
{
    QCOMPARE(m_export->action()->text(), u"Export alert rules…"_s);
    const QString text = m_export->rulesText();
    // every5s: 2 × 5 s + 0 jitter; once: the stale threshold.
    QVERIFY2(text.contains(u"push_time_seconds{job=\\\"every5s\\\"}) > 10\""_s), qPrintable(text));
    QVERIFY2(text.contains(u"expected every 5s"_s), qPrintable(text));
    QVERIFY2(text.contains(u"push_time_seconds{job=\\\"once\\\"}) > 600\""_s), qPrintable(text));
    QVERIFY2(text.contains(u"1 of them with a learned regular cadence"_s), qPrintable(text));
    QVERIFY(text.contains(u"job_success{job=\\\"every5s\\\"} == 0"_s));
}

void TestRulesExport::selectionOnly()
{
    const int row = m_model->rowOf(0, GroupingKey({{u"job"_s, u"once"_s}}));
    QVERIFY(row >= 0);
    m_table->selectionModel()->select(m_model->index(row, 0), QItemSelectionModel::ClearAndSelect |
                                                                  QItemSelectionModel::Rows);
    const QString text = m_export->rulesText();
    QVERIFY2(text.contains(u"job=\\\"once\\\""_s), qPrintable(text));
    QVERIFY2(!text.contains(u"every5s"_s), qPrintable(text));
}

void TestRulesExport::savesThroughThePrompt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"rules.yml"_s);
    m_export->setPathPrompt([&path] { return path; });
    QString said;
    connect(m_export, &ui::RulesExport::message, this, [&said](const QString &t) { said = t; });
    m_export->action()->trigger();
    QVERIFY2(said.contains(path), qPrintable(said));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(QString::fromUtf8(bytes).count(u"alert: PushgatewayJobLate\n"_s), 2);

    // Cancelling writes nothing.
    m_export->setPathPrompt([] { return QString(); });
    said.clear();
    m_export->action()->trigger();
    QVERIFY(said.isEmpty());

    QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty() && QFileInfo::exists(u"/usr/bin/promtool"_s))
        promtool = u"/usr/bin/promtool"_s;
    if (promtool.isEmpty()) {
        if (qEnvironmentVariableIntValue("PUSHSCOPE_REQUIRE_SERVERS") != 0)
            QFAIL("promtool (Debian package prometheus) is not installed.");
        QSKIP("promtool (Debian package prometheus) is not installed.");
    }
    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(promtool, {u"check"_s, u"rules"_s, path});
    QVERIFY(check.waitForFinished(60000));
    QVERIFY2(check.exitCode() == 0, check.readAll().constData());
}

QTEST_MAIN(TestRulesExport)
#include "tst_rulesexport.moc"
