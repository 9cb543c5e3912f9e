#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// How to reach one server: authentication and TLS, named like the fields of Prometheus'
// own `http_config` (basic_auth, authorization, tls_config). Secrets (password, bearer
// token) live here only in memory; they are never logged, written to a settings or
// connections file, or sent to another origin on a redirect.
struct HttpConfig {
    QString username;    // basic_auth.username
    QString password;    // basic_auth.password (secret)
    QString bearerToken; // authorization.credentials with type Bearer (secret)
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers, e.g. X-Scope-OrgID
    QString caFile;     // tls_config.ca_file: PEM bundle trusted instead of the system's
    QString certFile;   // tls_config.cert_file: client certificate (PEM)
    QString keyFile;    // tls_config.key_file: its private key (PEM, unencrypted)
    QString serverName; // tls_config.server_name: name the certificate must carry
    bool insecureSkipVerify = false; // tls_config.insecure_skip_verify

    bool hasBasicAuth() const { return !username.isEmpty(); }
    bool hasSecrets() const { return !password.isEmpty() || !bearerToken.isEmpty(); }
    bool operator==(const HttpConfig &o) const
    {
        return username == o.username && password == o.password && bearerToken == o.bearerToken &&
               headers == o.headers && caFile == o.caFile && certFile == o.certFile &&
               keyFile == o.keyFile && serverName == o.serverName &&
               insecureSkipVerify == o.insecureSkipVerify;
    }
    bool operator!=(const HttpConfig &o) const { return !(*this == o); }
};

} // namespace pushscope
