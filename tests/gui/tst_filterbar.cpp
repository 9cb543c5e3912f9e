// The filter bar on its own, over a model fed in process (no gateway is polled): the outcome
// menu stays open while several outcomes are checked, and a broken filter is said at once.

#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "table/filterbar.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::ui::FilterBar;

namespace {

constexpr qint64 kNowMs = 1795540083000;

Group makeGroup(const QString &job, bool succeeded)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}});
    group.pushTime = kNowMs / 1000.0 - 10;
    MetricFamily family;
    family.name = u"job_success"_s;
    family.type = MetricType::Gauge;
    Sample sample;
    sample.labels = group.key.labels();
    sample.value = succeeded ? 1 : 0;
    family.samples.append(sample);
    group.families.append(family);
    return group;
}

} // namespace

class TestFilterBar : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void outcomeMenuStaysOpen();
    void brokenFilterIsSaidAtOnce();

private:
    std::unique_ptr<GroupTableModel> m_model;
    std::unique_ptr<GroupFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QWidget> m_window;
    FilterBar *m_bar = nullptr;
    QTableView *m_table = nullptr;
};

void TestFilterBar::init()
{
    m_model = std::make_unique<GroupTableModel>();
    m_model->setLocalClock([] { return kNowMs; });
    m_proxy = std::make_unique<GroupFilterProxy>();
    m_proxy->setSourceModel(m_model.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int gw = m_model->addGateway(u"gw0"_s);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"good"_s, true), makeGroup(u"bad"_s, false)};
    m_model->applySnapshot(gw, snapshot, 0);

    m_window = std::make_unique<QWidget>();
    m_bar = new FilterBar(m_proxy.get(), m_window.get());
    m_table = new QTableView(m_window.get());
    m_table->setModel(m_proxy.get());
    m_table->setGeometry(0, 60, 400, 200);
    m_bar->setGeometry(0, 0, 400, 56);
    m_bar->setTable(m_table);
    m_window->resize(400, 260);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_proxy->rowCount(), 2);
}

void TestFilterBar::cleanup()
{
    m_window.reset();
    m_tester.reset();
    m_proxy.reset();
    m_model.reset();
}

void TestFilterBar::outcomeMenuStaysOpen()
{
    QMenu *menu = m_bar->outcomeButton()->menu();
    QVERIFY(menu);
    QSignalSpy changed(m_bar, &FilterBar::filterChanged);
    menu->popup(m_bar->outcomeButton()->mapToGlobal(QPoint(0, m_bar->height())));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    auto click = [menu](QAction *action) {
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    };
    click(m_bar->outcomeAction(Outcome::Failed));
    QVERIFY(menu->isVisible());
    QCOMPARE(m_proxy->outcomeFilter(), QList<Outcome>{Outcome::Failed});
    QCOMPARE(m_proxy->rowCount(), 1);
    click(m_bar->outcomeAction(Outcome::Success));
    QVERIFY(menu->isVisible());
    QCOMPARE(m_proxy->outcomeFilter(), (QList<Outcome>{Outcome::Failed, Outcome::Success}));
    QCOMPARE(m_proxy->rowCount(), 2);
    QCOMPARE(m_bar->outcomeButton()->text(), u"Outcome: failed, success"_s);
    click(m_bar->allOutcomesAction());
    QVERIFY(m_proxy->outcomeFilter().isEmpty());
    QCOMPARE(m_bar->outcomeButton()->text(), u"Outcome: all"_s);
    QCOMPARE(changed.count(), 3);
    menu->close();
}

void TestFilterBar::brokenFilterIsSaidAtOnce()
{
    QTest::keyClicks(m_bar->edit(), u"{job=\"bad\""_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    QVERIFY(m_bar->errorLabel()->isVisible());
    QCOMPARE(m_bar->errorLabel()->text(), m_proxy->filterError());
    QVERIFY(m_bar->emptyTableLabel()->isVisible());
    QVERIFY(m_bar->emptyTableLabel()->text().startsWith(u"No rows: the filter is not valid — "_s));
    // The label follows the table's size.
    m_table->resize(380, 150);
    QCOMPARE(m_bar->emptyTableLabel()->size(), m_table->viewport()->size());
    QTest::keyClick(m_bar->edit(), Qt::Key_BraceRight);
    QCOMPARE(m_proxy->rowCount(), 1);
    QVERIFY(!m_bar->errorLabel()->isVisible());
    QVERIFY(!m_bar->emptyTableLabel()->isVisible());
    QTest::keyClick(m_bar->edit(), Qt::Key_Escape);
    QCOMPARE(m_bar->edit()->text(), QString());
    QCOMPARE(m_proxy->rowCount(), 2);
}

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
