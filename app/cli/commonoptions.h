#pragma once

#include "authoptions.h"
#include "groupselection.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QUrl>
#include <chrono>
#include <optional>

namespace pushscope {

// Options every headless command shares: gateways, timeout, group selection, and the
// authentication and TLS options (AuthOptions) that apply to every gateway.
class CommonOptions
{
public:
    explicit CommonOptions(QCommandLineParser *parser);

    // Reads the parsed options; false with a sentence on bad usage. With
    // --insecure-skip-verify it warns on standard error for every https gateway.
    bool read(QString *error);

    QList<GatewayEndpoint> gateways;
    std::chrono::milliseconds timeout{10000};
    GroupFilter filter;
    HttpConfig http; // the authentication and TLS options given on the command line
    // Per gateway, in `gateways` order: `http` for a --gateway; the file's settings (with
    // --password-file / --bearer-token-file filling in what the file cannot hold) for a
    // gateway from --config.
    QList<HttpConfig> httpPerGateway;
    QList<bool> readOnlyPerGateway; // read-only in the --config file
    bool trustGatewayClock = false; // ages by a gateway's Date header however far off

private:
    bool readConfig(QString *error);

    QCommandLineParser *m_parser;
    QCommandLineOption m_gateway;
    QCommandLineOption m_config;
    QCommandLineOption m_timeout;
    QCommandLineOption m_match;
    QCommandLineOption m_olderThan;
    QCommandLineOption m_outcome;
    QCommandLineOption m_staleAfter;
    QCommandLineOption m_trustGatewayClock;
    std::optional<AuthOptions> m_auth; // added after the options above, for --help's order
};

// Exit codes of every headless command.
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Writes to standard output / standard error, unbuffered enough for scripts.
void writeOut(const QByteArray &bytes);
void writeErr(const QString &text);
int usageError(const QString &command, const QString &error);
// Reads --prometheus: an http(s) URL, or false with the sentence in `error`.
bool parsePrometheusUrl(const QString &text, QUrl *url, QString *error);
// Parses a command's arguments (its name the only positional one): nothing when the command
// goes on, otherwise its exit code (--help was printed, or a usage error).
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments,
                                    const QString &command);

} // namespace pushscope
