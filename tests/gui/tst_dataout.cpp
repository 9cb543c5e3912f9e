// Getting data out of the dashboard, against a real prometheus-pushgateway on the offscreen
// platform: Copy (pasted back into the filter), Copy as PromQL selector, Copy as curl DELETE
// (run, and compared with what the deleter sends), Open in Prometheus, and File ▸ Export of a
// filtered view as CSV and JSON.

#include "chart/chartpanel.h"
#include "chart/timerangedialog.h"
#include "cleanup/deleteconfirmdialog.h"
#include "cleanup/deletecontroller.h"
#include "faultproxy.h"
#include "model/clipboardtext.h"
#include "model/gatewaymonitor.h"
#include "serverprocess.h"
#include "table/copyactions.h"
#include "table/tableexport.h"
#include "testhelpers.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayMonitor;
using pushscope::GroupingKey;
using pushscope::GroupTableModel;
using pushscope::Labels;
using pushscope::testing::FaultProxy;
using pushscope::testing::PushgatewayProcess;
using pushscope::ui::MainWindow;
using pushscope::ui::TableExport;

namespace {

constexpr int kWaitMs = 15000;

// Whether this build knows --push.enable-utf8-names (asked, not guessed from a version).
bool knowsUtf8Flag()
{
    QProcess help;
    help.start(pushscope::testing::findServerBinary(u"prometheus-pushgateway"_s), {u"--help"_s});
    if (!help.waitForFinished(10000))
        return false;
    return (help.readAllStandardOutput() + help.readAllStandardError())
        .contains("push.enable-utf8-names");
}

const Labels kEmpty = {{u"job"_s, u"alpha"_s}, {u"instance"_s, u""_s}};
const Labels kSlash = {{u"job"_s, u"beta"_s}, {u"path"_s, u"/data/1"_s}};
const Labels kPlain = {{u"job"_s, u"gamma"_s}, {u"instance"_s, u"g"_s}};
const Labels kUtf8Name = {{u"job"_s, u"delta"_s}, {u"hôte.name"_s, u"h1"_s}};

} // namespace

class TestDataOut : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void copyFormats_data();
    void copyFormats();
    void copiedKeyPastedIntoFilterFindsItsGroup_data();
    void copiedKeyPastedIntoFilterFindsItsGroup();
    void copiedCurlDeletesExactlyItsGroup();
    void curlUrlIsWhatTheDeleterSends();
    void openInPrometheus();
    void grafanaIsDisabledWithAReason();
    void openInGrafanaExplore();
    void exportFilteredViewAsCsv();
    void exportFilteredViewAsJson();

private:
    QAbstractItemModel *view() const { return m_window->table()->model(); }
    void selectKey(const Labels &labels);
    QString clipboardAfter(QAction *action);
    QStringList gatewayKeys() const;
    QByteArray exported(TableExport::Format format); // what Export writes of the view now

    QTemporaryDir m_configDir;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    bool m_utf8 = false;
    std::unique_ptr<PushgatewayProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
    QList<Labels> m_pushed;
};

void TestDataOut::initTestCase()
{
    QVERIFY(m_configDir.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_configDir.path()));
    m_utf8 = knowsUtf8Flag();
}

void TestDataOut::init()
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dataDir->path()));
    m_server = std::make_unique<PushgatewayProcess>(
        m_utf8 ? QStringList{u"--push.enable-utf8-names"_s} : QStringList{});
    PUSHSCOPE_START_SERVER(*m_server);
    // Every request of the window goes through the proxy, which records the paths it forwards.
    m_proxy = std::make_unique<FaultProxy>(m_server->port());
    QString error;
    QVERIFY2(m_proxy->listen(&error), qPrintable(error));

    m_pushed = {kEmpty, kSlash, kPlain};
    if (m_utf8)
        m_pushed.append(kUtf8Name);
    const QByteArray text = "# TYPE processed_items counter\nprocessed_items 42\n";
    for (const Labels &labels : std::as_const(m_pushed)) {
        const QString path = GroupingKey(labels).pathOn(m_utf8 ? pushscope::NameEscaping::Utf8
                                                               : pushscope::NameEscaping::Legacy);
        QVERIFY(!path.isEmpty());
        QCOMPARE(m_server->push(path, text).status, 200);
    }
    QCOMPARE(gatewayKeys().size(), m_pushed.size());

    m_monitor = std::make_unique<GatewayMonitor>();
    pushscope::GatewaySetup setup;
    QVERIFY2(pushscope::GatewayEndpoint::parse(m_proxy->url(), &setup.endpoint, &error),
             qPrintable(error));
    setup.name = u"main-gw"_s;
    setup.interval = 300ms;
    setup.timeout = 5s;
    m_monitor->addGateway(setup);
    m_window = std::make_unique<MainWindow>(m_monitor.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_monitor->start();
    QTRY_COMPARE_WITH_TIMEOUT(view()->rowCount(), int(m_pushed.size()), kWaitMs);
    // The status (how the gateway reads names in paths) has been read.
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->poller(0)->client()->nameEscaping().has_value(), kWaitMs);
}

void TestDataOut::cleanup()
{
    m_window.reset();
    m_monitor.reset();
    m_proxy.reset();
    m_server.reset();
    m_dataDir.reset();
}

QStringList TestDataOut::gatewayKeys() const
{
    return pushscope::testing::sortedKeys(pushscope::testing::gatewayKeys(m_server->url()));
}

QByteArray TestDataOut::exported(TableExport::Format format)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"rows"_s);
    QSignalSpy finished(m_window->tableExport(), &TableExport::finished);
    m_window->tableExport()->exportTo(path, format);
    if (!finished.wait(kWaitMs) || !finished.first().at(0).toBool())
        return QByteArray();
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestDataOut::selectKey(const Labels &labels)
{
    const QString key = GroupingKey(labels).toString();
    QItemSelectionModel *selection = m_window->table()->selectionModel();
    selection->clearSelection();
    for (int row = 0; row < view()->rowCount(); ++row) {
        if (view()->index(row, 0).data(GroupTableModel::GroupingKeyRole).toString() == key) {
            m_window->table()->setCurrentIndex(view()->index(row, 0));
            selection->select(view()->index(row, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    QCOMPARE(selection->selectedRows().size(), 1);
}

QString TestDataOut::clipboardAfter(QAction *action)
{
    QGuiApplication::clipboard()->clear();
    [&] { QVERIFY(action->isEnabled()); }();
    action->trigger();
    return QGuiApplication::clipboard()->text();
}

void TestDataOut::copyFormats_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("path"); // of the DELETE, below the gateway's URL

    QTest::newRow("empty value") << kEmpty << uR"({job="alpha",instance=""})"_s
                                 << u"/metrics/job/alpha/instance@base64/="_s;
    QTest::newRow("slash in a value") << kSlash << uR"({job="beta",path="/data/1"})"_s
                                      << u"/metrics/job/beta/path@base64/L2RhdGEvMQ=="_s;
    QTest::newRow("UTF-8 label name") << kUtf8Name << uR"({job="delta","hôte.name"="h1"})"_s
                                      << u"/metrics/job/delta/U__h_f4_te_2e_name/h1"_s;
}

void TestDataOut::copyFormats()
{
    QFETCH(Labels, labels);
    QFETCH(QString, key);
    QFETCH(QString, path);
    if (!m_pushed.contains(labels))
        QSKIP("This prometheus-pushgateway has no --push.enable-utf8-names (1.11+).");
    selectKey(labels);
    pushscope::ui::CopyActions *copy = m_window->copyActions();

    QCOMPARE(clipboardAfter(copy->copyAction()), key + u" # main-gw"_s);
    QCOMPARE(clipboardAfter(copy->copyPromqlAction()), key);
    QCOMPARE(clipboardAfter(copy->copyCurlAction()),
             u"curl -X DELETE '%1%2'"_s.arg(m_proxy->url(), path));
    // Ctrl+C in the table is Copy.
    QGuiApplication::clipboard()->clear();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->table()->setFocus();
    QTest::keyClick(m_window->table(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), key + u" # main-gw"_s);
}

void TestDataOut::copiedKeyPastedIntoFilterFindsItsGroup_data()
{
    copyFormats_data();
}

void TestDataOut::copiedKeyPastedIntoFilterFindsItsGroup()
{
    QFETCH(Labels, labels);
    QFETCH(QString, key);
    if (!m_pushed.contains(labels))
        QSKIP("This prometheus-pushgateway has no --push.enable-utf8-names (1.11+).");
    selectKey(labels);
    clipboardAfter(m_window->copyActions()->copyAction());
    QLineEdit *filter = m_window->filterEdit();
    filter->clear();
    filter->paste();
    QCOMPARE(filter->text(), key + u" # main-gw"_s);
    QCOMPARE(view()->rowCount(), 1);
    QCOMPARE(view()->index(0, 0).data(GroupTableModel::GroupingKeyRole).toString(), key);
}

// The copied command, run by a shell, deletes exactly its group and nothing else.
void TestDataOut::copiedCurlDeletesExactlyItsGroup()
{
    selectKey(kSlash);
    const QString command = clipboardAfter(m_window->copyActions()->copyCurlAction());
    QProcess shell;
    shell.start(u"sh"_s, {u"-c"_s, command + u" --fail --silent --show-error"_s});
    QVERIFY(shell.waitForFinished(kWaitMs));
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
    QStringList expected;
    for (const Labels &labels : std::as_const(m_pushed))
        if (labels != kSlash)
            expected.append(GroupingKey(labels).toString());
    expected.sort();
    QTRY_COMPARE_WITH_TIMEOUT(gatewayKeys(), expected, kWaitMs);
}

// Delete in the window sends its DELETE to the very URL that Copy as curl DELETE gave.
void TestDataOut::curlUrlIsWhatTheDeleterSends()
{
    selectKey(kEmpty);
    const QString command = clipboardAfter(m_window->copyActions()->copyCurlAction());
    const QString prefix = u"curl -X DELETE '"_s + m_proxy->url();
    QVERIFY2(command.startsWith(prefix) && command.endsWith(u'\''), qPrintable(command));
    const QString curlPath = command.mid(prefix.size()).chopped(1);

    pushscope::ui::DeleteController *controller = m_window->deleteController();
    QVERIFY(controller->deleteAction()->isEnabled());
    controller->deleteAction()->trigger();
    pushscope::ui::DeleteConfirmDialog *dialog = controller->confirmDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QSignalSpy finished(controller, &pushscope::ui::DeleteController::deleteFinished);
    QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    QCOMPARE(m_proxy->counts().forwardedDeletes, 1);
    QStringList deletePaths;
    for (const QByteArray &path : m_proxy->forwardedPaths())
        if (path.startsWith("/metrics/job/"))
            deletePaths.append(QString::fromLatin1(path));
    QCOMPARE(deletePaths, QStringList{curlPath});
}

void TestDataOut::openInPrometheus()
{
    pushscope::ui::CopyActions *copy = m_window->copyActions();
    selectKey(kSlash);
    QVERIFY(!copy->openPrometheusAction()->isEnabled()); // no Prometheus yet
    m_window->chartPanel()->setPrometheusUrl(QUrl(u"http://127.0.0.1:1/prom"_s));
    selectKey(kEmpty);
    QVERIFY(copy->openPrometheusAction()->isEnabled());
    QList<QUrl> opened;
    copy->setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    copy->openPrometheusAction()->trigger();
    QCOMPARE(opened.size(), 1);
    const QString expr = m_window->chartPanel()->expression();
    QVERIFY2(expr.contains(uR"(processed_items{job="alpha",instance=""})"_s), qPrintable(expr));
    QCOMPARE(opened.first(),
             pushscope::prometheusGraphUrl(QUrl(u"http://127.0.0.1:1/prom"_s), expr));
    QVERIFY(opened.first()
                .toString(QUrl::FullyEncoded)
                .startsWith(u"http://127.0.0.1:1/prom/graph?g0.expr="_s));
}

// With a Grafana linked to the gateway: its Explore, for the chart's query, over its range.
void TestDataOut::openInGrafanaExplore()
{
    pushscope::ui::CopyActions *copy = m_window->copyActions();
    QAction *grafana = copy->openGrafanaAction();
    const QUrl base(u"http://127.0.0.1:1/grafana"_s);
    copy->setGatewayGrafana(0, base, u"prom-uid"_s);
    QVERIFY(!grafana->isEnabled()); // nothing selected
    selectKey(kEmpty);
    QVERIFY(grafana->isEnabled());
    QVERIFY(!grafana->toolTip().contains(u"No Grafana"_s));
    QList<QUrl> opened;
    copy->setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    grafana->trigger();
    QCOMPARE(opened.size(), 1);
    const QString expr = m_window->chartPanel()->expression();
    QVERIFY2(expr.contains(uR"({job="alpha",instance=""})"_s), qPrintable(expr));
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(
                               m_window->chartPanel()->rangeBox()->range())
                               .count();
    QCOMPARE(opened.first(), pushscope::grafanaExploreUrl(base, u"prom-uid"_s, expr, seconds));
    QVERIFY(opened.first()
                .toString(QUrl::FullyEncoded)
                .startsWith(u"http://127.0.0.1:1/grafana/explore?left=%7B"_s));
    // Unlinked again: off, with the reason.
    copy->setGatewayGrafana(0, QUrl(), QString());
    QVERIFY(!grafana->isEnabled());
    QVERIFY(grafana->toolTip().contains(u"Grafana URL"_s));
}

void TestDataOut::grafanaIsDisabledWithAReason()
{
    selectKey(kEmpty);
    QAction *grafana = m_window->copyActions()->openGrafanaAction();
    QVERIFY(!grafana->isEnabled());
    QVERIFY(grafana->toolTip().contains(u"Grafana URL"_s));
    // The context menu shows the copy actions first, with their tool tips (the reason).
    QList<QAction *> shown;
    bool toolTips = false;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            shown = menu->actions();
            toolTips = menu->toolTipsVisible();
            menu->close();
        }
    });
    poll.start(20);
    emit m_window->table()->customContextMenuRequested(QPoint(5, 5));
    QVERIFY(toolTips);
    QCOMPARE(shown.mid(0, 5), m_window->copyActions()->actions());
    QVERIFY(shown.contains(m_window->deleteController()->deleteAction()));
}

void TestDataOut::exportFilteredViewAsCsv()
{
    m_window->setFilterText(uR"({job=~"alpha|beta"})"_s);
    m_window->table()->sortByColumn(GroupTableModel::JobColumn, Qt::DescendingOrder);
    QCOMPARE(view()->rowCount(), 2);
    const QList<QByteArray> lines = exported(TableExport::Format::Csv).split('\n');
    QCOMPARE(lines.size(), 4); // header, 2 rows, nothing after the last CRLF
    QCOMPARE(lines.at(0),
             "grouping_key,job,labels,outcome,age,cadence,last_push,last_failure,families\r");
    QVERIFY2(
        lines.at(1).startsWith(R"("{job=""beta"",path=""/data/1""}",beta,"path=""/data/1""",)"),
        lines.at(1).constData());
    QVERIFY2(lines.at(2).startsWith(R"("{job=""alpha"",instance=""""}",alpha,"instance=""""",)"),
             lines.at(2).constData());
    // last_push: ISO 8601 with milliseconds and the zone's offset; last_failure never: empty.
    const QList<QByteArray> fields = lines.at(2).split(',');
    const QByteArray lastPush = fields.at(fields.size() - 3);
    const auto pushed = QDateTime::fromString(QString::fromLatin1(lastPush), Qt::ISODateWithMs);
    const QRegularExpression iso(uR"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}([+-]\d\d:\d\d|Z)$)"_s);
    QVERIFY2(iso.match(QString::fromLatin1(lastPush)).hasMatch(), lastPush.constData());
    QVERIFY(pushed.isValid() && qAbs(pushed.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    QCOMPARE(fields.at(fields.size() - 2), QByteArray());
    QCOMPARE(fields.last(), "1\r");
}

void TestDataOut::exportFilteredViewAsJson()
{
    m_window->setFilterText(u"gamma"_s);
    QCOMPARE(view()->rowCount(), 1);
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(exported(TableExport::Format::Json), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray rows = document.array();
    QCOMPARE(rows.size(), 1);
    const QJsonObject row = rows.first().toObject();
    QCOMPARE(row.keys(),
             QStringList({u"age"_s, u"cadence"_s, u"families"_s, u"grouping_key"_s, u"job"_s,
                          u"labels"_s, u"last_failure"_s, u"last_push"_s, u"outcome"_s}));
    QCOMPARE(row[u"grouping_key"_s].toString(), GroupingKey(kPlain).toString());
    QCOMPARE(row[u"job"_s].toString(), u"gamma"_s);
    QCOMPARE(row[u"labels"_s].toString(), uR"(instance="g")"_s);
    QCOMPARE(row[u"families"_s].toInt(), 1);
    QVERIFY(row[u"last_failure"_s].isNull());
    QVERIFY(QDateTime::fromString(row[u"last_push"_s].toString(), Qt::ISODateWithMs).isValid());
}

QTEST_MAIN(TestDataOut)
#include "tst_dataout.moc"
