// A gateway listed in the readOnlyGateways setting is never deleted from or restored to by
// the headless commands, which say why; a dry run still lists what it would delete.
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;
using namespace pushscope::testing;

class TestReadOnly : public QObject
{
    Q_OBJECT

private slots:
    void deleteAndRestoreRefused();

private:
    static void markReadOnly(const QString &configHome, const QStringList &urls)
    {
        QSettings settings(configHome + QStringLiteral("/PushScope/pushscope.conf"),
                           QSettings::IniFormat);
        settings.setValue(QStringLiteral("readOnlyGateways"), urls);
    }
};

void TestReadOnly::deleteAndRestoreRefused()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    QVERIFY(gateway.push(QStringLiteral("/metrics/job/precious"), "x 1\n").status == 200);
    QVERIFY(gateway.push(QStringLiteral("/metrics/job/other"), "x 1\n").status == 200);

    QTemporaryDir home;
    const QString config = home.filePath(QStringLiteral("config"));
    const QString data = home.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(config) && QDir().mkpath(data));
    RunOptions options;
    options.environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    options.environment.insert(QStringLiteral("XDG_DATA_HOME"), data);

    // While writable: delete one group, so there is a backup to restore later.
    PushscopeRun run = runPushscope({QStringLiteral("delete"), QStringLiteral("--gateway"),
                                     gateway.url(), QStringLiteral("--group"),
                                     QStringLiteral("job=\"other\""), QStringLiteral("--yes")},
                                    options);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));

    // Marked read-only in another spelling of the same URL.
    markReadOnly(config, {gateway.url() + QStringLiteral("/")});
    run = runPushscope({QStringLiteral("delete"), QStringLiteral("--gateway"), gateway.url(),
                        QStringLiteral("--group"), QStringLiteral("job=\"precious\""),
                        QStringLiteral("--yes")},
                       options);
    QVERIFY2(run.finished && run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("read-only") && run.err.contains("nothing was deleted"),
             qPrintable(describe(run)));
    QVERIFY(gatewayKeys(gateway.url())
                .contains(GroupingKey({{QStringLiteral("job"), QStringLiteral("precious")}})));

    run = runPushscope({QStringLiteral("delete"), QStringLiteral("--gateway"), gateway.url(),
                        QStringLiteral("--group"), QStringLiteral("job=\"precious\""),
                        QStringLiteral("--dry-run")},
                       options);
    QVERIFY2(run.finished && run.exitCode == 0 && run.out.contains("would_delete"),
             qPrintable(describe(run)));

    run = runPushscope({QStringLiteral("restore"), QStringLiteral("--list"),
                        QStringLiteral("--format"), QStringLiteral("json")},
                       options);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray entries = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(entries.size(), 1);
    run = runPushscope({QStringLiteral("restore"),
                        entries.first().toObject().value(QStringLiteral("id")).toString()},
                       options);
    QVERIFY2(run.finished && run.exitCode == 1 && run.err.contains("read-only"),
             qPrintable(describe(run)));
    QVERIFY(!gatewayKeys(gateway.url())
                 .contains(GroupingKey({{QStringLiteral("job"), QStringLiteral("other")}})));
}

QTEST_GUILESS_MAIN(TestReadOnly)
#include "tst_readonly.moc"
