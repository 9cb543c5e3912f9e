#include "preparedhttpconfig.h"

#include <QFile>
#include <QSslKey>
#include <QSslSocket>

namespace pushscope {

namespace {

// Reads a small PEM file; false with a sentence naming the file (never its content).
bool readPemFile(const QString &path, const QString &what, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("Cannot read the %1 \"%2\": %3.").arg(what, path, file.errorString());
        return false;
    }
    *data = file.read(4 * 1024 * 1024);
    return true;
}

QString withoutFinalPeriod(QString text)
{
    text = text.trimmed();
    while (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

bool isUntrusted(QSslError::SslError error)
{
    switch (error) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
    case QSslError::InvalidCaCertificate:
        return true;
    default:
        return false;
    }
}

} // namespace

bool checkExtraHeader(const QByteArray &name, const QByteArray &value, QString *why)
{
    const auto isToken = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
    };
    if (name.isEmpty() || !std::all_of(name.cbegin(), name.cend(), isToken)) {
        *why = QStringLiteral("An extra header has no valid name (letters, digits and "
                              "!#$%&'*+-.^_`|~ only).");
        return false;
    }
    if (value.contains('\r') || value.contains('\n') || value.contains('\0')) {
        *why = QStringLiteral("The extra header %1 must be one line.").arg(QLatin1String(name));
        return false;
    }
    // How a request is framed and how its connection lives is the client's to say; an extra
    // Content-Length or Transfer-Encoding would make a server wait for a body never sent, or
    // read the next request on a kept connection as this one's.
    for (const char *framing : {"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
                                "Upgrade", "TE", "Trailer", "Expect", "Proxy-Connection"}) {
        if (name.compare(framing, Qt::CaseInsensitive) == 0) {
            *why = QStringLiteral("%1 is not an extra header: it frames the request or its "
                                  "connection, which PushScope does itself.")
                       .arg(QLatin1String(framing));
            return false;
        }
    }
    if (name.compare("Authorization", Qt::CaseInsensitive) == 0) {
        *why = QStringLiteral("Authorization is not an extra header: use the username and "
                              "password, or the bearer token (they are kept as secrets).");
        return false;
    }
    return true;
}

PreparedHttpConfig prepareHttpConfig(const HttpConfig &config)
{
    PreparedHttpConfig prepared;
    for (const auto &[name, value] : config.headers) {
        if (!checkExtraHeader(name, value, &prepared.error))
            return prepared; // every request fails with the sentence; nothing is sent
    }
    prepared.ssl = QSslConfiguration::defaultConfiguration();
    prepared.serverName = config.serverName;
    if (config.hasBasicAuth())
        prepared.authorization = basicAuthorization(config.username, config.password);
    else if (!config.bearerToken.isEmpty())
        prepared.authorization = "Bearer " + config.bearerToken.toUtf8();

    QString &error = prepared.error;
    if (!config.caFile.isEmpty()) {
        QByteArray pem;
        if (!readPemFile(config.caFile, QStringLiteral("CA file"), &pem, &error))
            return prepared;
        const QList<QSslCertificate> cas = QSslCertificate::fromData(pem, QSsl::Pem);
        if (cas.isEmpty()) {
            error =
                QStringLiteral("The CA file \"%1\" holds no PEM certificate.").arg(config.caFile);
            return prepared;
        }
        // Trusted instead of the system's CAs, like Prometheus' tls_config.ca_file.
        prepared.ssl.setCaCertificates(cas);
    }
    if (config.certFile.isEmpty() != config.keyFile.isEmpty()) {
        error = QStringLiteral("A client certificate needs both a certificate file and a key "
                               "file; only \"%1\" is given.")
                    .arg(config.certFile.isEmpty() ? config.keyFile : config.certFile);
        return prepared;
    }
    if (!config.certFile.isEmpty()) {
        QByteArray pem;
        if (!readPemFile(config.certFile, QStringLiteral("client certificate file"), &pem, &error))
            return prepared;
        const QList<QSslCertificate> chain = QSslCertificate::fromData(pem, QSsl::Pem);
        if (chain.isEmpty()) {
            error = QStringLiteral("The client certificate file \"%1\" holds no PEM certificate.")
                        .arg(config.certFile);
            return prepared;
        }
        if (!readPemFile(config.keyFile, QStringLiteral("client key file"), &pem, &error))
            return prepared;
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
            if (!key.isNull())
                break;
        }
        if (key.isNull()) {
            error = QStringLiteral("The client key file \"%1\" holds no unencrypted PEM private "
                                   "key.")
                        .arg(config.keyFile);
            return prepared;
        }
        prepared.ssl.setLocalCertificateChain(chain);
        prepared.ssl.setPrivateKey(key);
    }
    if (config.insecureSkipVerify)
        prepared.ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    return prepared;
}

QByteArray basicAuthorization(const QString &username, const QString &password)
{
    return "Basic " + (username + QLatin1Char(':') + password).toUtf8().toBase64();
}

QUrl takeUserInfo(const QUrl &url, QByteArray *authorization)
{
    if (url.userInfo().isEmpty())
        return url;
    if (!url.userName().isEmpty())
        *authorization =
            basicAuthorization(url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
    QUrl stripped = url;
    stripped.setUserInfo(QString());
    return stripped;
}

QString certificateSubject(const QSslCertificate &certificate)
{
    QStringList parts;
    const QString cn = certificate.subjectInfo(QSslCertificate::CommonName).join(u", ");
    if (!cn.isEmpty())
        parts.append(QStringLiteral("CN=") + cn);
    const QString org = certificate.subjectInfo(QSslCertificate::Organization).join(u", ");
    if (!org.isEmpty())
        parts.append(QStringLiteral("O=") + org);
    return parts.join(u", ");
}

QString describeTlsErrors(const QString &where, const QList<QSslError> &errors,
                          const QSslCertificate &peer)
{
    const QSslError first = errors.isEmpty() ? QSslError() : errors.first();
    QSslCertificate certificate = first.certificate().isNull() ? peer : first.certificate();
    const QString subject = certificateSubject(certificate);
    const QString whose =
        subject.isEmpty()
            ? QStringLiteral("The TLS certificate of %1").arg(where)
            : QStringLiteral("The TLS certificate of %1 (subject %2)").arg(where, subject);
    const QString reason = withoutFinalPeriod(first.errorString());
    if (isUntrusted(first.error()))
        return QStringLiteral("%1 is not trusted: %2. Use --ca-file to trust its CA, or "
                              "--insecure-skip-verify.")
            .arg(whose, reason);
    if (first.error() == QSslError::HostNameMismatch)
        return QStringLiteral("%1 does not name the host: %2. Use --server-name to expect the "
                              "name it carries, or --insecure-skip-verify.")
            .arg(whose, reason);
    if (first.error() == QSslError::CertificateExpired ||
        first.error() == QSslError::CertificateNotYetValid)
        return QStringLiteral("%1 is not valid now: %2.").arg(whose, reason);
    return QStringLiteral("%1 was rejected: %2.").arg(whose, reason);
}

QString standardReasonPhrase(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return QString();
    }
}

} // namespace pushscope
