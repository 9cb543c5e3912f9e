#include "testhelpers.h"

#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QProcess>
#include <QThread>
#include <QUrl>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace pushscope::testing {

namespace {

// The "data" array of GET <url>/api/v1/metrics; empty, with a warning, when unreadable.
QJsonArray gatewayData(const QString &url)
{
    const auto reply = httpRequest("GET", QUrl(url + u"/api/v1/metrics"_s));
    if (reply.status != 200) {
        qWarning() << "Cannot read the gateway:" << reply.status << reply.error;
        return {};
    }
    return QJsonDocument::fromJson(reply.body).object().value(u"data"_s).toArray();
}

} // namespace

QString pushscopeBinary()
{
    return qEnvironmentVariable("PUSHSCOPE_BINARY");
}

QProcessEnvironment headlessEnvironment(const QProcessEnvironment &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.remove(u"QT_QPA_PLATFORM"_s);
    environment.insert(extra);
    return environment;
}

PushscopeRun runPushscope(const QStringList &arguments, const RunOptions &options)
{
    QProcess process;
    process.setProcessEnvironment(headlessEnvironment(options.environment));
    process.start(pushscopeBinary(), arguments);
    PushscopeRun run;
    bool started = process.waitForStarted(5000);
    if (started && options.input) {
        process.write(*options.input);
        process.closeWriteChannel();
    }
    run.finished = started && process.waitForFinished(options.timeoutMs) &&
                   process.exitStatus() == QProcess::NormalExit;
    if (!run.finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString describe(const PushscopeRun &run)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

QString manualPath(const Labels &labels)
{
    auto segment = [](const QString &name, const QString &value) {
        QByteArray encoded = value.toUtf8().toBase64(QByteArray::Base64UrlEncoding);
        if (encoded.isEmpty())
            encoded = QByteArrayLiteral("=");
        return QLatin1Char('/') + name + QStringLiteral("@base64/") + QString::fromLatin1(encoded);
    };
    Labels others;
    QString path = QStringLiteral("/metrics");
    for (const auto &label : labels) {
        if (label.first == u"job")
            path += segment(label.first, label.second);
        else
            others.append(label);
    }
    std::stable_sort(others.begin(), others.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &label : std::as_const(others))
        path += segment(label.first, label.second);
    return path;
}

QJsonObject labelsObject(const Labels &labels)
{
    QJsonObject object;
    for (const auto &label : labels)
        object.insert(label.first, label.second);
    return object;
}

GroupingKey keyOf(const QJsonObject &labels)
{
    Labels pairs;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        pairs.append({it.key(), it.value().toString()});
    return GroupingKey(pairs);
}

QStringList sortedKeys(const QList<GroupingKey> &keys)
{
    QStringList texts;
    for (const GroupingKey &key : keys)
        texts.append(key.toString());
    texts.sort();
    return texts;
}

QHash<QString, QJsonObject> gatewayGroups(const QString &url)
{
    QHash<QString, QJsonObject> groups;
    for (const QJsonValue &value : gatewayData(url)) {
        const QJsonObject group = value.toObject();
        groups.insert(keyOf(group.value(u"labels"_s).toObject()).toString(), group);
    }
    return groups;
}

QList<GroupingKey> gatewayKeys(const QString &url)
{
    QList<GroupingKey> keys;
    for (const QJsonValue &value : gatewayData(url))
        keys.append(keyOf(value.toObject().value(u"labels"_s).toObject()));
    return keys;
}

QString gatewayVersion(const QString &url)
{
    const auto reply = httpRequest("GET", QUrl(url + u"/api/v1/status"_s));
    const QString version = QJsonDocument::fromJson(reply.body)
                                .object()[u"data"_s][u"build_information"_s][u"version"_s]
                                .toString();
    if (version.isEmpty())
        qWarning() << "No version in the gateway's /api/v1/status:" << reply.status << reply.error
                   << reply.body.left(200);
    return version;
}

bool waitForFailedPush(const QString &url, const Labels &labels, int timeoutMs)
{
    const QString key = GroupingKey(labels).toString();
    const QDeadlineTimer deadline(timeoutMs);
    do {
        const QJsonValue successful =
            gatewayGroups(url).value(key).value(u"last_push_successful"_s);
        if (successful.isBool() && !successful.toBool())
            return true;
        QThread::msleep(50);
    } while (!deadline.hasExpired());
    qWarning().noquote() << "The gateway never reported a failed push for" << key;
    return false;
}

} // namespace pushscope::testing
