#pragma once

#include "httpconfig.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QUrl>

namespace pushscope {

// An HttpConfig made ready for requests, once, when it is set: the TLS files read and
// parsed, the Authorization header built. `error` names the file that cannot be used and
// why, never its content; while it is set, every request fails with it.
struct PreparedHttpConfig {
    QString error;
    QSslConfiguration ssl;    // for https:// requests
    QByteArray authorization; // the Authorization header value, empty for none
    QString serverName;       // the name the server's certificate must carry, if not the host
};

// Basic auth wins over a bearer token if a config has both (the command line refuses that).
PreparedHttpConfig prepareHttpConfig(const HttpConfig &config);

// Whether an extra header may be sent: a token name, a one-line value, and not Authorization
// (credentials have their own fields). `why` names the header, never its value.
bool checkExtraHeader(const QByteArray &name, const QByteArray &value, QString *why);

// "Basic <base64(user:password)>".
QByteArray basicAuthorization(const QString &username, const QString &password);

// Takes user:password@ out of `url` into basic auth: returns the URL without user info, and
// the Authorization value in `authorization` if the URL carried a user name.
QUrl takeUserInfo(const QUrl &url, QByteArray *authorization);

// "CN=pushscope-test, O=Example": the certificate subject's common name and organization.
QString certificateSubject(const QSslCertificate &certificate);

// One sentence about a rejected server certificate: whose it is (host:port, subject), why
// it was rejected, and what to do about it.
QString describeTlsErrors(const QString &where, const QList<QSslError> &errors,
                          const QSslCertificate &peer);

// "Unauthorized" for 401 and the other common status codes; HTTP/2 carries no reason phrase.
QString standardReasonPhrase(int httpStatus);

} // namespace pushscope
