#pragma once

// What tst_clidelete and tst_clirestore share: a real Pushgateway holding kDeleteGroups, and
// runs of the real binary without a display and with their own XDG data directory.

#include "cleanup/deletejournal.h"
#include "gateway/groupingkey.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace pushscope::testing {

// Every test starts from these groups; group i carries `probe i+1`. Neighbours on purpose:
// {job="a"} and {job="a",instance="x"}; {job="b",...} and no {job="b"} at all.
inline const QList<Labels> kDeleteGroups = {
    {{QStringLiteral("job"), QStringLiteral("a")}},
    {{QStringLiteral("job"), QStringLiteral("a")},
     {QStringLiteral("instance"), QStringLiteral("x")}},
    {{QStringLiteral("job"), QStringLiteral("b")}, {QStringLiteral("instance"), QString()}},
    {{QStringLiteral("job"), QStringLiteral("b")},
     {QStringLiteral("path"), QStringLiteral("/var/tmp")}},
    {{QStringLiteral("job"), QStringLiteral("Προμηθεύς")},
     {QStringLiteral("instance"), QStringLiteral("1")}},
    {{QStringLiteral("job"), QStringLiteral("q")},
     {QStringLiteral("instance"), QStringLiteral("say \"hi\" \\ back")}},
    {{QStringLiteral("job"), QStringLiteral("keep")},
     {QStringLiteral("instance"), QStringLiteral("1")}},
};

// Mixed into the test classes (after QObject); call its steps from initTestCase(), init()
// and cleanup().
class CliDeleteFixture
{
protected:
    using Run = PushscopeRun;

    static void checkBinary()
    {
        QVERIFY2(QFileInfo(pushscopeBinary()).isExecutable(),
                 "PUSHSCOPE_BINARY must name the built pushscope executable");
    }

    // A fresh data directory and gateway holding kDeleteGroups. May QFAIL or QSKIP.
    void startGateway()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        m_server = std::make_unique<PushgatewayProcess>();
        PUSHSCOPE_START_SERVER(*m_server);
        for (int i = 0; i < kDeleteGroups.size(); ++i) {
            const QByteArray text = "# TYPE probe gauge\nprobe " + QByteArray::number(i + 1) + '\n';
            const auto reply = m_server->push(manualPath(kDeleteGroups.at(i)), text);
            QVERIFY2(reply.status == 200, reply.body.constData());
        }
        QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
    }

    void stopGateway()
    {
        m_server.reset();
        m_home.reset();
    }

    // The whole environment of a run: no display, this test's XDG directories.
    QProcessEnvironment environment() const { return headlessEnvironment(xdgEnvironment()); }

    // Runs the real executable with no display; standard input is a pipe, not a terminal.
    Run runPushscope(const QStringList &arguments) const
    {
        return pushscope::testing::runPushscope(arguments, {xdgEnvironment(), std::nullopt});
    }

    // `delete --gateway <server> --format json <extra>`; checks every element has exactly the
    // four documented keys.
    Run deleteJson(const QStringList &extra, QJsonArray *array) const
    {
        const Run run = runPushscope(
            QStringList{QStringLiteral("delete"), QStringLiteral("--gateway"), m_server->url(),
                        QStringLiteral("--format"), QStringLiteral("json")} +
            extra);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        *array = {};
        if (error.error != QJsonParseError::NoError || !document.isArray()) {
            qWarning().noquote() << "Not one JSON array:" << describe(run);
            return run;
        }
        const QStringList documented = {QStringLiteral("error"), QStringLiteral("gateway"),
                                        QStringLiteral("labels"), QStringLiteral("status")};
        for (const QJsonValue &value : document.array()) {
            QStringList keys = value.toObject().keys();
            keys.sort();
            if (keys != documented) {
                qWarning().noquote() << "Unexpected keys" << keys << describe(run);
                return run;
            }
        }
        *array = document.array();
        return run;
    }

    // The groups the gateway reports now, as JSON objects keyed by GroupingKey::toString().
    QHash<QString, QJsonObject> gatewayGroups() const
    {
        return pushscope::testing::gatewayGroups(m_server->url());
    }
    QStringList gatewayKeys() const
    {
        return sortedKeys(pushscope::testing::gatewayKeys(m_server->url()));
    }

    // The journal files written below this test's data directory, sorted.
    QStringList journalFiles() const
    {
        QStringList files;
        QDirIterator it(m_home->path(), {QStringLiteral("*.journal"), QStringLiteral("*.prom")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
        files.sort();
        return files;
    }

    // The journal's entries of groups that were (or may have been) deleted.
    QList<JournalEntry> journalEntries() const
    {
        QSet<QString> directories;
        for (const QString &file : journalFiles())
            directories.insert(QFileInfo(file).path());
        QList<JournalEntry> entries;
        for (const QString &directory : std::as_const(directories))
            entries += DeleteJournal(directory).entries();
        return entries;
    }

    static QList<GroupingKey> keysAt(const QList<int> &indexes)
    {
        QList<GroupingKey> keys;
        for (int i : indexes)
            keys.append(GroupingKey(kDeleteGroups.at(i)));
        return keys;
    }

    static QList<GroupingKey> allKeysBut(const QList<int> &indexes)
    {
        QList<GroupingKey> keys;
        for (int i = 0; i < kDeleteGroups.size(); ++i) {
            if (!indexes.contains(i))
                keys.append(GroupingKey(kDeleteGroups.at(i)));
        }
        return keys;
    }

    std::unique_ptr<PushgatewayProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_home; // XDG_DATA_HOME and XDG_CONFIG_HOME of the runs

private:
    QProcessEnvironment xdgEnvironment() const
    {
        QProcessEnvironment extra;
        extra.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
        extra.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        return extra;
    }
};

} // namespace pushscope::testing
