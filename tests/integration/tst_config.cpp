// A shared connections file (--config) as the headless commands and the window use it:
// real prometheus-pushgateway processes, the real binary, a file as the Connections dialog
// exports it.

#include "serverprocess.h"
#include "testhelpers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pushscope::testing::describe;
using pushscope::testing::gatewayKeys;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::RunOptions;
using pushscope::testing::runPushscope;

namespace {

QJsonObject gatewayEntry(const QString &id, const QString &name, const QString &url, bool readOnly,
                         bool enabled = true)
{
    return QJsonObject{{u"id"_s, id},
                       {u"name"_s, name},
                       {u"url"_s, url},
                       {u"poll_interval_ms"_s, 500},
                       {u"read_only"_s, readOnly},
                       {u"stale_after_seconds"_s, 3600},
                       {u"enabled"_s, enabled}};
}

QString writeConfig(const QTemporaryDir &dir, const QJsonArray &gateways)
{
    const QString path = dir.filePath(u"connections.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    const QJsonObject root{{u"pushscope_connections"_s, 1},
                           {u"gateways"_s, gateways},
                           {u"prometheus"_s, QJsonArray()}};
    file.write(QJsonDocument(root).toJson());
    return path;
}

// Every run gets its own settings and data directories: nothing saved leaks in or out.
RunOptions isolated(const QTemporaryDir &dir)
{
    RunOptions options;
    options.environment.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    options.environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    return options;
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void listReadsEnabledGateways();
    void deleteRefusesReadOnlyFromFile();
    void badFileIsUsageError();
    void windowWatchesFileGateways();
};

void TestConfig::listReadsEnabledGateways()
{
    PushgatewayProcess first;
    PushgatewayProcess second;
    PUSHSCOPE_START_SERVER(first);
    PUSHSCOPE_START_SERVER(second);
    QCOMPARE(first.push(u"/metrics/job/etl"_s, "etl_rows 1\n").status, 200);
    QCOMPARE(second.push(u"/metrics/job/reports"_s, "report_pages 2\n").status, 200);
    QTemporaryDir dir;
    const QString config =
        writeConfig(dir, {gatewayEntry(u"a"_s, u"first"_s, first.url(), false),
                          gatewayEntry(u"b"_s, u"second"_s, second.url(), false),
                          gatewayEntry(u"c"_s, u"off"_s, u"http://127.0.0.1:1"_s, false, false)});
    QVERIFY(!config.isEmpty());

    const auto run =
        runPushscope({u"list"_s, u"--config"_s, config, u"--format"_s, u"json"_s}, isolated(dir));
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
    QSet<QString> jobs;
    QSet<QString> gateways;
    for (const QJsonValue &row : rows) {
        jobs.insert(row[u"labels"_s][u"job"_s].toString());
        gateways.insert(row[u"gateway"_s].toString());
    }
    QCOMPARE(jobs, (QSet<QString>{u"etl"_s, u"reports"_s}));
    QCOMPARE(gateways, (QSet<QString>{first.url(), second.url()})); // the disabled one unread
}

void TestConfig::deleteRefusesReadOnlyFromFile()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    QCOMPARE(server.push(u"/metrics/job/keep_me"_s, "kept 1\n").status, 200);
    QTemporaryDir dir;
    const QString config =
        writeConfig(dir, {gatewayEntry(u"ro"_s, u"production"_s, server.url(), true)});
    const auto run = runPushscope(
        {u"delete"_s, u"--config"_s, config, u"--match"_s, u"{job=\"keep_me\"}"_s, u"--yes"_s},
        isolated(dir));
    QVERIFY2(run.finished && run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("read-only") && run.err.contains("--config"),
             qPrintable(describe(run)));
    QCOMPARE(gatewayKeys(server.url()).size(), 1);
}

void TestConfig::badFileIsUsageError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ not json");
    file.close();
    const auto run = runPushscope({u"list"_s, u"--config"_s, path}, isolated(dir));
    QVERIFY2(run.finished && run.exitCode == 2, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("--config"), qPrintable(describe(run)));
}

// The window watches the file's gateways (and not the saved ones): the screenshot is taken
// once both have answered, with a row from each.
void TestConfig::windowWatchesFileGateways()
{
    PushgatewayProcess first;
    PushgatewayProcess second;
    PUSHSCOPE_START_SERVER(first);
    PUSHSCOPE_START_SERVER(second);
    QCOMPARE(first.push(u"/metrics/job/etl"_s, "etl_rows 1\n").status, 200);
    QCOMPARE(second.push(u"/metrics/job/reports"_s, "report_pages 2\n").status, 200);
    QTemporaryDir dir;
    const QString config =
        writeConfig(dir, {gatewayEntry(u"a"_s, u"first"_s, first.url(), false),
                          gatewayEntry(u"b"_s, u"second"_s, second.url(), true)});
    RunOptions options = isolated(dir);
    options.environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const QString png = dir.filePath(u"window.png"_s);
    const auto run =
        runPushscope({u"--config"_s, config, u"--select-all"_s, u"--screenshot"_s, png}, options);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QFile image(png);
    QVERIFY(image.open(QIODevice::ReadOnly));
    QVERIFY(image.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
    QVERIFY(image.size() > 20000); // a window with rows, not an empty frame
    QVERIFY2(run.out.contains("screenshot rows 2 gateways 2 selected 2"),
             qPrintable(describe(run)));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
