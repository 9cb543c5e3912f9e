// kill -9 during `pushscope delete` of 5,000 groups (the real binary, a real gateway), at
// seeded random moments, then the journal is checked against what the gateway shows: every
// group gone has a complete backup, and each entry's state (not sent / sent, outcome
// unknown / deleted) agrees with the gateway; a torn last record is ignored.
//
// PUSHSCOPE_CRASH_SEED=<n> repeats a run; the seed used is printed.
#include "cleanup/deletejournal.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDeadlineTimer>
#include <QDirIterator>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace pushscope;
using pushscope::testing::PushgatewayProcess;

namespace {

constexpr int kGroups = 5000;
constexpr int kKills = 5;

QSet<QString> keysOn(const QString &url)
{
    QSet<QString> keys;
    const Snapshot snapshot =
        parseSnapshot(
            testing::httpRequest("GET", QUrl(url + QStringLiteral("/api/v1/metrics")), {}, 60000)
                .body)
            .snapshot;
    for (const Group &group : snapshot.groups)
        keys.insert(group.key.id());
    return keys;
}

bool hasJournalFile(const QString &directory)
{
    QDirIterator it(directory, {QStringLiteral("*.journal")}, QDir::Files,
                    QDirIterator::Subdirectories);
    return it.hasNext();
}

} // namespace

class TestDeleteCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedDeleteLeavesConsistentJournal();
};

void TestDeleteCrash::killedDeleteLeavesConsistentJournal()
{
    QVERIFY2(QFileInfo(testing::pushscopeBinary()).isExecutable(),
             "PUSHSCOPE_BINARY must name the built pushscope executable");
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    const quint32 seed = qEnvironmentVariableIsSet("PUSHSCOPE_CRASH_SEED")
                             ? quint32(qEnvironmentVariableIntValue("PUSHSCOPE_CRASH_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("PUSHSCOPE_CRASH_SEED=%u", seed);
    QRandomGenerator random(seed);
    int totalGone = 0;
    int totalTorn = 0;
    int killedWhileDeleting = 0;
    QHash<QString, int> totalStates;
    for (int round = 0; round < kKills; ++round) {
        QCOMPARE(testing::pushGroups(gateway.url(), kGroups, 8, std::chrono::minutes(2)), kGroups);
        const QSet<QString> before = keysOn(gateway.url());
        QCOMPARE(before.size(), kGroups);
        QTemporaryDir home;
        QProcessEnvironment extra;
        extra.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        extra.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        QProcess process;
        process.setProcessEnvironment(testing::headlessEnvironment(extra));
        process.start(testing::pushscopeBinary(),
                      {QStringLiteral("delete"), QStringLiteral("--gateway"), gateway.url(),
                       QStringLiteral("--match"), QStringLiteral("{job=~\".+\"}"),
                       QStringLiteral("--yes"), QStringLiteral("--format"),
                       QStringLiteral("json")});
        QVERIFY(process.waitForStarted(10000));
        // The kill lands in the delete itself: after its journal file appears.
        const QString dataDir = home.filePath(QStringLiteral("data"));
        QDeadlineTimer appears(60000);
        while (!appears.hasExpired() && process.state() == QProcess::Running &&
               !hasJournalFile(dataDir))
            QThread::msleep(5);
        const int killAfterMs = int(random.bounded(1500));
        const bool finishedFirst = process.waitForFinished(killAfterMs);
        if (!finishedFirst) {
            process.kill(); // SIGKILL
            QVERIFY(process.waitForFinished(10000));
        }
        QTest::qWait(500); // DELETEs that reached the gateway are applied from its queue

        const QSet<QString> after = keysOn(gateway.url());
        QString directory;
        QDirIterator it(home.path(), {QStringLiteral("*.journal")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int torn = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            directory = QFileInfo(path).path();
            bool isTorn = false;
            JournalBatch::read(path, &isTorn);
            torn += isTorn;
        }
        QHash<QString, JournalEntry> byKey;
        QHash<QString, int> states;
        if (!directory.isEmpty()) {
            for (const JournalEntry &entry :
                 DeleteJournal(directory).entries(DeleteJournal::Listing::All)) {
                byKey.insert(entry.key.id(), entry);
                ++states[entry.status];
                const bool gone = !after.contains(entry.key.id());
                const QString what = entry.key.toString() + QLatin1Char(' ') + entry.status;
                if (entry.status == JournalStatus::notSent() ||
                    entry.status == JournalStatus::notDeleted())
                    QVERIFY2(!gone, qPrintable(what + QStringLiteral(" but gone")));
                else if (entry.status == JournalStatus::deleted())
                    QVERIFY2(gone, qPrintable(what + QStringLiteral(" but present")));
                else
                    QCOMPARE(entry.status, JournalStatus::unknown());
            }
        }
        int gone = 0;
        for (const QString &id : before) {
            if (after.contains(id))
                continue;
            ++gone;
            QVERIFY2(byKey.contains(id), qPrintable(id + QStringLiteral(" gone without backup")));
            const JournalEntry &entry = byKey[id];
            QVERIFY2(JournalStatus::mayBeGone(entry.status), qPrintable(entry.status));
            QVERIFY(entry.metricsText.contains("processed_items"));
            QVERIFY(entry.metricsText.contains("queue_latency_seconds_count"));
            QCOMPARE(entry.contentType, textFormatContentType());
        }
        qInfo("round %d: %s after %d ms; %d of %d gone; journal: %d not_sent, %d unknown, %d "
              "deleted; %d torn file(s)",
              round + 1, finishedFirst ? "finished" : "killed", killAfterMs, gone, kGroups,
              states.value(JournalStatus::notSent()), states.value(JournalStatus::unknown()),
              states.value(JournalStatus::deleted()), torn);
        killedWhileDeleting += !finishedFirst && gone > 0 && gone < kGroups;
        totalGone += gone;
        totalTorn += torn;
        for (auto state = states.cbegin(); state != states.cend(); ++state)
            totalStates[state.key()] += state.value();
    }
    qInfo("in all: %d groups gone, every one with its backup; %d torn file(s) read past", totalGone,
          totalTorn);
}

QTEST_GUILESS_MAIN(TestDeleteCrash)
#include "tst_deletecrash.moc"
