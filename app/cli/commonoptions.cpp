#include "commonoptions.h"

#include "connections/connectionsfile.h"
#include "gateway/gatewayendpoint.h"
#include "model/duration.h"

#include <cstdio>

namespace pushscope {

CommonOptions::CommonOptions(QCommandLineParser *parser)
    : m_parser(parser)
    , m_gateway(QStringLiteral("gateway"),
                QStringLiteral("Pushgateway URL, route prefix allowed (repeatable)."),
                QStringLiteral("url"))
    , m_config(QStringLiteral("config"),
               QStringLiteral("Also every enabled gateway of this shared connections file "
                              "(exported from the Connections dialog)."),
               QStringLiteral("file"))
    , m_timeout(QStringLiteral("timeout"),
                QStringLiteral("Give up on a request that has not completely answered after "
                               "this long, headers and body (default 10s)."),
                QStringLiteral("duration"), QStringLiteral("10s"))
    , m_match(QStringLiteral("match"),
              QStringLiteral("Only groups whose key matches, e.g. '{job=~\"batch_.*\"}' "
                             "(repeatable; all must match)."),
              QStringLiteral("matchers"))
    , m_olderThan(QStringLiteral("older-than"),
                  QStringLiteral("Only groups whose last push is older than this (90s, 15m, "
                                 "2h, 7d)."),
                  QStringLiteral("duration"))
    , m_outcome(QStringLiteral("outcome"),
                QStringLiteral("Only groups with this outcome: failed, stale, late, success, "
                               "unknown. One poll learns no cadence, so no group is late here."),
                QStringLiteral("outcome"))
    , m_staleAfter(QStringLiteral("stale-after"),
                   QStringLiteral("A group with no push for this long is stale (default 1h)."),
                   QStringLiteral("duration"), QStringLiteral("1h"))
    , m_trustGatewayClock(QStringLiteral("trust-gateway-clock"),
                          QStringLiteral("Compute ages with a gateway's clock (its Date header) "
                                         "even when it is more than 5 minutes off this "
                                         "computer's."))
{
    parser->addOptions({m_gateway, m_config, m_timeout, m_match, m_olderThan, m_outcome,
                        m_staleAfter, m_trustGatewayClock});
    m_auth.emplace(parser);
}

bool CommonOptions::read(QString *error)
{
    const QStringList urls = m_parser->values(m_gateway);
    if (urls.isEmpty() && !m_parser->isSet(m_config)) {
        *error = QStringLiteral("at least one --gateway URL (or --config FILE) is required.");
        return false;
    }
    for (const QString &url : urls) {
        GatewayEndpoint endpoint;
        if (!GatewayEndpoint::parse(url, &endpoint, error))
            return false;
        gateways.append(endpoint);
    }
    double seconds = 0;
    if (!parseDuration(m_parser->value(m_timeout), &seconds, error))
        return false;
    if (seconds <= 0) {
        *error = QStringLiteral("--timeout must be longer than zero.");
        return false;
    }
    timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    if (!parseDuration(m_parser->value(m_staleAfter), &filter.staleAfterSeconds, error))
        return false;
    if (m_parser->isSet(m_olderThan)) {
        if (!parseDuration(m_parser->value(m_olderThan), &seconds, error))
            return false;
        filter.olderThanSeconds = seconds;
    }
    trustGatewayClock = m_parser->isSet(m_trustGatewayClock);
    if (m_parser->isSet(m_outcome)) {
        Outcome outcome;
        if (!parseOutcome(m_parser->value(m_outcome), &outcome)) {
            *error = QStringLiteral("--outcome takes failed, stale, late, success or unknown, not "
                                    "\"%1\".")
                         .arg(m_parser->value(m_outcome));
            return false;
        }
        filter.outcome = outcome;
    }
    for (const QString &text : m_parser->values(m_match)) {
        LabelMatchers matchers;
        if (!parseMatchers(text, &matchers, error))
            return false;
        if (matchers.isEmpty()) {
            *error = QStringLiteral("--match needs at least one matcher.");
            return false;
        }
        filter.matchers.append(matchers);
    }
    if (!m_auth->read(&http, error))
        return false;
    warnIfInsecure(http, gateways);
    httpPerGateway = QList<HttpConfig>(gateways.size(), http);
    readOnlyPerGateway = QList<bool>(gateways.size(), false);
    return readConfig(error);
}

bool CommonOptions::readConfig(QString *error)
{
    if (!m_parser->isSet(m_config))
        return true;
    Connections connections;
    QString why;
    if (!loadConnectionsFile(m_parser->value(m_config), &connections, &why)) {
        *error = QStringLiteral("--config: %1").arg(why);
        return false;
    }
    int added = 0;
    for (const GatewayConnection &connection : std::as_const(connections.gateways)) {
        if (!connection.enabled)
            continue;
        GatewayEndpoint endpoint;
        if (!GatewayEndpoint::parse(connection.url, &endpoint, &why)) {
            *error =
                QStringLiteral("--config: gateway \"%1\": %2").arg(connection.displayName(), why);
            return false;
        }
        GatewayConnection filled = connection;
        fillCommandLineSecrets(&filled, http);
        const HttpConfig &config = filled.http;
        warnIfInsecure(config, {endpoint});
        gateways.append(endpoint);
        httpPerGateway.append(config);
        readOnlyPerGateway.append(connection.readOnly);
        ++added;
    }
    if (added == 0 && gateways.isEmpty()) {
        *error = QStringLiteral("--config: the file has no enabled gateway.");
        return false;
    }
    return true;
}

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeErr(const QString &text)
{
    const QByteArray bytes =
        (text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n')).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool parsePrometheusUrl(const QString &text, QUrl *url, QString *error)
{
    *url = QUrl(text, QUrl::StrictMode);
    if (url->isValid() && (url->scheme() == u"http" || url->scheme() == u"https"))
        return true;
    *error = QStringLiteral("--prometheus needs an http:// or https:// URL, not \"%1\".")
                 .arg(redactUrlPassword(text));
    return false;
}

int usageError(const QString &command, const QString &error)
{
    writeErr(QStringLiteral("pushscope %1: %2\nTry 'pushscope %1 --help'.").arg(command, error));
    return ExitUsage;
}

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments,
                                    const QString &command)
{
    if (!parser.parse(arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        writeOut(parser.helpText().toUtf8());
        return ExitOk;
    }
    if (parser.positionalArguments().size() > 1)
        return usageError(
            command,
            QStringLiteral("unexpected argument \"%1\".").arg(parser.positionalArguments().at(1)));
    return std::nullopt;
}

} // namespace pushscope
