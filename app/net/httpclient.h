#pragma once

#include "httpconfig.h"
#include "httpresult.h"
#include "preparedhttpconfig.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <chrono>
#include <functional>

class QNetworkReply;
class QNetworkRequest;

namespace pushscope {

// Thin asynchronous HTTP layer shared by the Pushgateway and Prometheus clients: one
// QNetworkAccessManager, a total deadline on every request (headers and body), a size cap
// on replies enforced while they stream in, and every failure turned into a sentence.
// Only GET follows (same-origin) redirects; a write (PUT, POST, DELETE) never does.
// Callbacks run on this object's thread and are dropped if this object is destroyed first.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const HttpResult &)>;
    // InParts: a successful reply's body arrives as HttpResult::payloadParts, as the network
    // stack read it, for the receiver to join where copying megabytes costs no frame.
    enum class BodyDelivery { Joined, InParts };

    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    // The whole request, from sending to the last byte of the body, must finish within this.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    // Replies larger than this are aborted with an error sentence as soon as they cross
    // it; the body read so far never grows past it.
    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    // Authentication and TLS for every request (see HttpConfig). The TLS files are read
    // here, once; if one cannot be used, every request fails with a sentence naming it.
    // User info in a request URL (user:password@) becomes basic auth unless the config has
    // credentials, and is never sent in the URL.
    void setHttpConfig(const HttpConfig &config);
    const HttpConfig &httpConfig() const { return m_config; }
    // Raw headers sent with every request, e.g. X-Scope-OrgID for a multi-tenant server.
    void setExtraHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        m_extraHeaders = headers;
    }

    // `maxReplyBytes` > 0 overrides the client's cap for this request only. `accept` empty:
    // application/json.
    void get(const QUrl &url, Callback callback, qint64 maxReplyBytes = 0,
             const QByteArray &accept = {}, BodyDelivery delivery = BodyDelivery::Joined);
    void sendCustom(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                    const QByteArray &contentType, Callback callback);
    // Aborts every request in flight; their callbacks are not called.
    void abortAll();
    int pendingCount() const { return int(m_pending.size()); }

    static QString describeNetworkError(QNetworkReply *reply, const QUrl &url);

private:
    QNetworkRequest makeRequest(const QUrl &url) const;
    // Delivers `error` to `callback` from the event loop, as a failed request would.
    void failLater(const QString &error, Callback callback);
    void track(QNetworkReply *reply, Callback callback, qint64 maxReplyBytes = 0,
               BodyDelivery delivery = BodyDelivery::Joined);
    void finish(QNetworkReply *reply);
    void readBody(QNetworkReply *reply);

    QNetworkAccessManager m_manager;
    std::chrono::milliseconds m_timeout{10000};
    qint64 m_maxReplyBytes = 512LL * 1024 * 1024;
    QList<QPair<QByteArray, QByteArray>> m_extraHeaders;
    HttpConfig m_config;
    PreparedHttpConfig m_prepared;
    quint64 m_abortGeneration = 0; // failLater() callbacks from before abortAll() are dropped
    struct Pending {
        Callback callback;
        qint64 sentAtMs = 0;
        qint64 maxReplyBytes = 0;
        ReplyBody body; // read as it arrives, without copying; never more than maxReplyBytes
        BodyDelivery delivery = BodyDelivery::Joined;
        bool tooLarge = false;
        bool deadlineExpired = false;
        bool followsRedirects = true;
        QList<QSslError> sslErrors; // why the server's certificate was rejected
        QSslCertificate peerCertificate;
    };
    QHash<QNetworkReply *, Pending> m_pending;
};

} // namespace pushscope
