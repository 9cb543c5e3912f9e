#include "authoptions.h"

#include "commonoptions.h"

#include <QFile>
#include <algorithm>

namespace pushscope {

namespace {

// RFC 9110 token characters, the only ones allowed in a header name.
bool isTokenChar(QChar c)
{
    if (c.unicode() > 127)
        return false;
    return c.isLetterOrNumber() || QStringLiteral("!#$%&'*+-.^_`|~").contains(c);
}

} // namespace

AuthOptions::AuthOptions(QCommandLineParser *parser)
    : m_parser(parser)
    , m_username(QStringLiteral("username"),
                 QStringLiteral("User name for HTTP basic auth on every --gateway."),
                 QStringLiteral("name"))
    , m_passwordFile(QStringLiteral("password-file"),
                     QStringLiteral("File holding the basic auth password for --username (one "
                                    "trailing newline is ignored). There is no --password "
                                    "option on purpose: a password given as an argument shows "
                                    "in 'ps' and the shell history."),
                     QStringLiteral("file"))
    , m_bearerTokenFile(QStringLiteral("bearer-token-file"),
                        QStringLiteral("File holding a token sent as 'Authorization: Bearer' "
                                       "(one trailing newline is ignored)."),
                        QStringLiteral("file"))
    , m_header(QStringLiteral("header"),
               QStringLiteral("Extra HTTP header 'Name: value' sent with every request, e.g. "
                              "'X-Scope-OrgID: team-a' (repeatable)."),
               QStringLiteral("header"))
    , m_caFile(QStringLiteral("ca-file"),
               QStringLiteral("PEM file of the CA certificates to trust for https:// (instead "
                              "of the system's)."),
               QStringLiteral("file"))
    , m_certFile(QStringLiteral("cert-file"),
                 QStringLiteral("PEM client certificate for TLS client auth (with --key-file)."),
                 QStringLiteral("file"))
    , m_keyFile(QStringLiteral("key-file"),
                QStringLiteral("PEM private key (unencrypted) of --cert-file."),
                QStringLiteral("file"))
    , m_serverName(QStringLiteral("server-name"),
                   QStringLiteral("Name the server's TLS certificate must carry, if it is not "
                                  "the host of the URL."),
                   QStringLiteral("name"))
    , m_insecureSkipVerify(QStringLiteral("insecure-skip-verify"),
                           QStringLiteral("Do not verify the server's TLS certificate "
                                          "(insecure; for tests only)."))
{
    parser->addOptions({m_username, m_passwordFile, m_bearerTokenFile, m_header, m_caFile,
                        m_certFile, m_keyFile, m_serverName, m_insecureSkipVerify});
}

bool AuthOptions::read(HttpConfig *config, QString *error) const
{
    HttpConfig result;
    result.username = m_parser->value(m_username);
    if (m_parser->isSet(m_username) && result.username.isEmpty()) {
        *error = QStringLiteral("--username must not be empty.");
        return false;
    }
    if (m_parser->isSet(m_passwordFile)) {
        if (result.username.isEmpty()) {
            *error = QStringLiteral("--password-file needs --username.");
            return false;
        }
        if (!readSecretFile(m_parser->value(m_passwordFile), QStringLiteral("--password-file"),
                            &result.password, error))
            return false;
    }
    if (m_parser->isSet(m_bearerTokenFile)) {
        if (!result.username.isEmpty()) {
            *error = QStringLiteral("use either --username (basic auth) or --bearer-token-file, "
                                    "not both.");
            return false;
        }
        if (!readSecretFile(m_parser->value(m_bearerTokenFile),
                            QStringLiteral("--bearer-token-file"), &result.bearerToken, error))
            return false;
    }
    for (const QString &text : m_parser->values(m_header)) {
        QPair<QByteArray, QByteArray> header;
        if (!parseHeader(text, &header, error))
            return false;
        result.headers.append(header);
    }
    result.caFile = m_parser->value(m_caFile);
    result.certFile = m_parser->value(m_certFile);
    result.keyFile = m_parser->value(m_keyFile);
    if (result.certFile.isEmpty() != result.keyFile.isEmpty()) {
        *error = QStringLiteral("--cert-file and --key-file go together.");
        return false;
    }
    result.serverName = m_parser->value(m_serverName);
    result.insecureSkipVerify = m_parser->isSet(m_insecureSkipVerify);
    *config = result;
    return true;
}

bool AuthOptions::parseHeader(const QString &text, QPair<QByteArray, QByteArray> *header,
                              QString *error)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString name = colon < 0 ? QString() : text.left(colon).trimmed();
    if (colon < 0 || name.isEmpty()) {
        // The text is not repeated: a header's value may be a secret.
        *error = QStringLiteral("--header takes 'Name: value' (a header name, a colon, the "
                                "value).");
        return false;
    }
    if (!std::all_of(name.cbegin(), name.cend(), isTokenChar)) {
        *error = QStringLiteral("--header: \"%1\" is not a valid header name.").arg(name);
        return false;
    }
    const QString value = text.mid(colon + 1).trimmed();
    if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')) ||
        value.contains(QChar(0))) {
        *error = QStringLiteral("--header %1: the value must be one line.").arg(name);
        return false;
    }
    if (name.compare(u"Authorization", Qt::CaseInsensitive) == 0) {
        *error = QStringLiteral("--header Authorization would show in 'ps'; use "
                                "--bearer-token-file or --username with --password-file.");
        return false;
    }
    *header = {name.toLatin1(), value.toUtf8()};
    return true;
}

bool AuthOptions::readSecretFile(const QString &path, const QString &option, QString *secret,
                                 QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("%1: cannot read \"%2\": %3.").arg(option, path, file.errorString());
        return false;
    }
    QByteArray bytes = file.read(64 * 1024);
    if (bytes.endsWith("\r\n"))
        bytes.chop(2);
    else if (bytes.endsWith('\n'))
        bytes.chop(1);
    if (bytes.isEmpty()) {
        *error = QStringLiteral("%1: \"%2\" is empty.").arg(option, path);
        return false;
    }
    *secret = QString::fromUtf8(bytes);
    return true;
}

void warnIfInsecure(const HttpConfig &config, const QList<GatewayEndpoint> &gateways)
{
    const bool credentials = config.hasBasicAuth() || !config.bearerToken.isEmpty();
    for (const GatewayEndpoint &gateway : gateways) {
        const QString where = gateway.baseUrl().toDisplayString(QUrl::RemoveUserInfo);
        const bool https = gateway.baseUrl().scheme() == u"https";
        if (https && config.insecureSkipVerify)
            writeErr(
                QStringLiteral("warning: TLS certificate verification is off for %1").arg(where));
        if (!https && credentials)
            writeErr(QStringLiteral("warning: credentials for %1 go over plain http, readable "
                                    "on the way")
                         .arg(where));
    }
}

} // namespace pushscope
