#include "httpclient.h"

#include "httpsentences.h"
#include "servertext.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <algorithm>

namespace pushscope {

namespace {

bool followsRedirects(const QByteArray &verb)
{
    return verb == "GET" || verb == "HEAD";
}

// Headroom the network stack may hold for a reply beyond what has been read from it.
constexpr qint64 kReadBufferBytes = 1024 * 1024;

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MB").arg(bytes / (1024 * 1024));
    return QStringLiteral("%1 bytes").arg(bytes);
}

// HTTP servers (the Pushgateway's Go net/http among them) send RFC 7231 dates such as
// "Tue, 24 Nov 2026 17:08:03 GMT"; Qt::RFC2822Date rejects the zone name GMT, so it is
// read as the equivalent numeric zone.
QDateTime parseHttpDate(const QByteArray &value)
{
    QString text = QString::fromLatin1(value).trimmed();
    if (text.endsWith(QLatin1String(" GMT")))
        text = text.chopped(3) + QLatin1String("+0000");
    return QDateTime::fromString(text, Qt::RFC2822Date);
}

} // namespace

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_prepared(prepareHttpConfig(m_config)) // the system's TLS defaults until configured
{
    // Credentials added per request must never follow a redirect to another origin; writes
    // follow none (makeRequest()).
    m_manager.setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

HttpClient::~HttpClient()
{
    abortAll();
}

void HttpClient::setHttpConfig(const HttpConfig &config)
{
    m_config = config;
    m_prepared = prepareHttpConfig(config);
}

QNetworkRequest HttpClient::makeRequest(const QUrl &url) const
{
    QByteArray fromUrl;
    QNetworkRequest request(takeUserInfo(url, &fromUrl));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("PushScope/%1").arg(QStringLiteral(PUSHSCOPE_VERSION)));
    if (!m_prepared.authorization.isEmpty())
        request.setRawHeader("Authorization", m_prepared.authorization);
    else if (!fromUrl.isEmpty())
        request.setRawHeader("Authorization", fromUrl);
    for (const auto &header : m_extraHeaders)
        request.setRawHeader(header.first, header.second);
    for (const auto &header : m_config.headers)
        request.setRawHeader(header.first, header.second);
    if (request.url().scheme() == u"https") {
        // HTTP/1.1: Qt 6.4's HTTP/2 does not notice a server that rejects the client
        // certificate with a TLS alert after the handshake, and waits for the timeout.
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setSslConfiguration(m_prepared.ssl);
        if (!m_prepared.serverName.isEmpty())
            request.setPeerVerifyName(m_prepared.serverName);
    }
    return request;
}

void HttpClient::failLater(const QString &error, Callback callback)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const quint64 generation = m_abortGeneration;
    QTimer::singleShot(0, this, [this, generation, error, now, callback = std::move(callback)] {
        if (generation != m_abortGeneration)
            return;
        HttpResult result;
        result.error = error;
        result.sentAtMs = now;
        result.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        callback(result);
    });
}

void HttpClient::get(const QUrl &url, Callback callback, qint64 maxReplyBytes,
                     const QByteArray &accept, BodyDelivery delivery)
{
    if (!m_prepared.error.isEmpty())
        return failLater(m_prepared.error, std::move(callback));
    QNetworkRequest request = makeRequest(url);
    request.setRawHeader("Accept", accept.isEmpty() ? QByteArray("application/json") : accept);
    track(m_manager.get(request), std::move(callback), maxReplyBytes, delivery);
}

void HttpClient::sendCustom(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                            const QByteArray &contentType, Callback callback)
{
    if (!m_prepared.error.isEmpty())
        return failLater(m_prepared.error, std::move(callback));
    QNetworkRequest request = makeRequest(url);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    // A redirected DELETE or PUT would act on another group or server than the one chosen.
    if (!followsRedirects(verb))
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
    track(m_manager.sendCustomRequest(request, verb, body), std::move(callback));
}

void HttpClient::track(QNetworkReply *reply, Callback callback, qint64 maxReplyBytes,
                       BodyDelivery delivery)
{
    const qint64 cap = maxReplyBytes > 0 ? maxReplyBytes : m_maxReplyBytes;
    Pending pending;
    pending.callback = std::move(callback);
    pending.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    pending.maxReplyBytes = cap;
    pending.delivery = delivery;
    m_pending.insert(reply, std::move(pending));
    // The network stack holds at most this much beyond what readBody() has taken.
    reply->setReadBufferSize(std::min(cap + 1, kReadBufferBytes));
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        const auto it = m_pending.find(reply);
        const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (it == m_pending.end() || it->tooLarge)
            return;
        if (declared > it->maxReplyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QIODevice::readyRead, this, [this, reply] { readBody(reply); });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, reply] {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->deadlineExpired = true;
        reply->abort();
    });
    deadline->start(m_timeout);
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->sslErrors = errors;
        it->peerCertificate = reply->sslConfiguration().peerCertificate();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
}

// Takes what has arrived, at most up to the cap. Reading exactly what the reply holds lets
// QIODevice hand over the part the network thread read instead of copying it (a 20 MB
// reply copied here cost the GUI thread more than anything else while polling).
void HttpClient::readBody(QNetworkReply *reply)
{
    const auto it = m_pending.find(reply);
    if (it == m_pending.end() || it->tooLarge || it->deadlineExpired)
        return;
    const qint64 available = reply->bytesAvailable();
    if (available <= 0)
        return;
    if (it->body.size() + available > it->maxReplyBytes) {
        it->tooLarge = true;
        reply->abort();
        return;
    }
    it->body.append(reply->read(available));
}

void HttpClient::finish(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_pending.contains(reply))
        readBody(reply); // whatever arrived with the end of the reply
    const auto it = m_pending.find(reply);
    if (it == m_pending.end())
        return; // aborted by abortAll()
    const Pending pending = it.value();
    m_pending.erase(it);

    HttpResult result;
    result.sentAtMs = pending.sentAtMs;
    result.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray date = reply->rawHeader("Date");
    if (!date.isEmpty())
        result.serverDate = parseHttpDate(date);
    result.contentType = reply->rawHeader("Content-Type");
    const QUrl url = reply->url(); // after a followed redirect, the one last sent

    if (pending.tooLarge) {
        result.error = QStringLiteral("The reply from %1 is larger than %2; stopped reading it.")
                           .arg(displayUrl(url), sizeText(pending.maxReplyBytes));
    } else if (pending.deadlineExpired) {
        result.error = noAnswerSentence(
            url, m_timeout, !pending.body.isEmpty() || result.httpStatus != 0, pending.body.size());
    } else if (result.httpStatus >= 300 && result.httpStatus < 400 &&
               reply->error() == QNetworkReply::NoError) {
        result.error = redirectSentence(url, result.httpStatus, reply->rawHeader("Location"));
    } else if (result.httpStatus >= 400) {
        result.payload = pending.body.joined();
        result.error = httpStatusSentence(
            url, result.httpStatus,
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
            result.payload);
    } else if (reply->error() == QNetworkReply::SslHandshakeFailedError &&
               !pending.sslErrors.isEmpty()) {
        result.error =
            describeTlsErrors(hostAndPort(url), pending.sslErrors, pending.peerCertificate);
    } else if (reply->error() != QNetworkReply::NoError) {
        result.error = describeNetworkError(reply, url);
    } else {
        if (pending.delivery == BodyDelivery::InParts)
            result.payloadParts = pending.body;
        else
            result.payload = pending.body.joined();
        result.ok = true;
    }
    pending.callback(result);
}

void HttpClient::abortAll()
{
    ++m_abortGeneration;
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.begin(); it != pending.end(); ++it)
        it.key()->abort();
}

QString HttpClient::describeNetworkError(QNetworkReply *reply, const QUrl &url)
{
    const auto socketError = [&](QAbstractSocket::SocketError error) {
        return socketErrorSentence(error, reply->errorString(), url);
    };
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return socketError(QAbstractSocket::ConnectionRefusedError);
    case QNetworkReply::HostNotFoundError:
        return socketError(QAbstractSocket::HostNotFoundError);
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return socketError(QAbstractSocket::SocketTimeoutError);
    case QNetworkReply::RemoteHostClosedError:
        return socketError(QAbstractSocket::RemoteHostClosedError);
    case QNetworkReply::SslHandshakeFailedError:
        return socketError(QAbstractSocket::SslHandshakeFailedError);
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return QStringLiteral("%1 redirected too often, or to another scheme, host or port (where "
                              "credentials must not follow); not followed.")
            .arg(hostAndPort(url));
    case QNetworkReply::ProtocolUnknownError:
        return QStringLiteral("The URL %1 does not start with http:// or https://.")
            .arg(displayUrl(url));
    default:
        return otherFailureSentence(reply->errorString(), url);
    }
}

} // namespace pushscope
