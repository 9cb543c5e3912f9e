#include "httpsentences.h"

#include "preparedhttpconfig.h"
#include "servertext.h"

namespace pushscope {

namespace {

QString firstLine(const QByteArray &body)
{
    const QString text = QString::fromUtf8(body.left(2048)).trimmed();
    return clipServerText(text.section(QLatin1Char('\n'), 0, 0).trimmed());
}

bool refusesClientCertificate(const QString &reason)
{
    return reason.contains(QLatin1String("alert bad certificate")) ||
           reason.contains(QLatin1String("alert certificate required")) ||
           reason.contains(QLatin1String("alert unknown ca"));
}

QString secondsText(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0, 'g', 3);
}

} // namespace

QString hostAndPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == u"https" ? 443 : 80);
    return QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

QString displayUrl(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
}

QString noAnswerSentence(const QUrl &url, std::chrono::milliseconds timeout, bool anyAnswer,
                         qint64 bytesReceived)
{
    if (!anyAnswer)
        return QStringLiteral("No answer from %1 within %2 s.")
            .arg(displayUrl(url), secondsText(timeout));
    return QStringLiteral("No complete answer from %1 within %2 s (%3 bytes received).")
        .arg(displayUrl(url), secondsText(timeout))
        .arg(bytesReceived);
}

QString redirectSentence(const QUrl &url, int httpStatus, const QByteArray &location)
{
    const QString target = clipServerText(QString::fromUtf8(location));
    return QStringLiteral("%1 answered %2 redirect to %3; not followed.")
        .arg(displayUrl(url))
        .arg(httpStatus)
        .arg(target.isEmpty() ? QStringLiteral("nowhere") : target);
}

QString httpStatusSentence(const QUrl &url, int httpStatus, QString reason, const QByteArray &body)
{
    if (reason.isEmpty())
        reason = standardReasonPhrase(httpStatus);
    const QString status = QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(reason);
    QString line = firstLine(body);
    if (line.compare(reason, Qt::CaseInsensitive) == 0)
        line.clear();
    const QString detail = line.isEmpty() ? status : status + QStringLiteral(": ") + line;
    QString sentence =
        httpStatus == 401 || httpStatus == 403
            ? QStringLiteral("Authentication failed for %1: %2")
                  .arg(displayUrl(url), detail.trimmed())
            : QStringLiteral("%1 answered %2").arg(displayUrl(url), detail.trimmed());
    if (!sentence.endsWith(QLatin1Char('.')))
        sentence += QLatin1Char('.');
    return sentence;
}

QString socketErrorSentence(QAbstractSocket::SocketError error, const QString &errorString,
                            const QUrl &url)
{
    const QString where = hostAndPort(url);
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("Connection refused by %1: is the server running on that port?")
            .arg(where);
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("The host %1 was not found.").arg(url.host());
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("The request to %1 was stopped before it was answered.").arg(where);
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection before answering.").arg(where);
    case QAbstractSocket::SslHandshakeFailedError:
        if (!refusesClientCertificate(errorString))
            return QStringLiteral("The TLS handshake with %1 failed: %2").arg(where, errorString);
        break;
    default:
        break;
    }
    return otherFailureSentence(errorString, url);
}

QString otherFailureSentence(const QString &reason, const QUrl &url)
{
    const QString where = hostAndPort(url);
    if (refusesClientCertificate(reason)) {
        return QStringLiteral("%1 refused the TLS connection, most likely because it requires a "
                              "client certificate it trusts (--cert-file and --key-file): %2.")
            .arg(where, reason);
    }
    return QStringLiteral("The request to %1 failed: %2.").arg(where, clipServerText(reason));
}

} // namespace pushscope
