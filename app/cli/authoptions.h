#pragma once

#include "gateway/gatewayendpoint.h"
#include "net/httpconfig.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// Authentication and TLS options, named like Prometheus' http_config: --username,
// --password-file, --bearer-token-file, --header, --ca-file, --cert-file, --key-file,
// --server-name, --insecure-skip-verify. Their HttpConfig applies to every --gateway of
// the command line. There is deliberately no --password: a password given as an argument
// shows in `ps` and in the shell history.
class AuthOptions
{
public:
    explicit AuthOptions(QCommandLineParser *parser);

    // Reads the parsed options (and the password / token files); false with a usage
    // sentence that never holds a secret.
    bool read(HttpConfig *config, QString *error) const;

    // "Name: value" as a raw header; false with a sentence for a bad form.
    static bool parseHeader(const QString &text, QPair<QByteArray, QByteArray> *header,
                            QString *error);
    // The content of a password or token file without one trailing newline; false with a
    // sentence naming `option` and the file (never its content).
    static bool readSecretFile(const QString &path, const QString &option, QString *secret,
                               QString *error);

private:
    QCommandLineParser *m_parser;
    QCommandLineOption m_username;
    QCommandLineOption m_passwordFile;
    QCommandLineOption m_bearerTokenFile;
    QCommandLineOption m_header;
    QCommandLineOption m_caFile;
    QCommandLineOption m_certFile;
    QCommandLineOption m_keyFile;
    QCommandLineOption m_serverName;
    QCommandLineOption m_insecureSkipVerify;
};

// Headless commands: "warning: TLS certificate verification is off for <url>" on standard
// error for every https gateway when `config` skips verification.
void warnIfInsecure(const HttpConfig &config, const QList<GatewayEndpoint> &gateways);

} // namespace pushscope
