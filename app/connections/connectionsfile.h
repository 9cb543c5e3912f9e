#pragma once

#include "connection.h"

#include <QByteArray>
#include <QString>
#include <chrono>

namespace pushscope {

struct GatewaySetup;

// The connections file an operator shares with the team:
//   {"pushscope_connections": 1, "gateways": [...], "prometheus": [...]}
// Fields are named like the structs and like Prometheus' http_config (basic_auth.username,
// tls_config.ca_file, ...). It never holds a secret: whoever imports it enters passwords
// and tokens themselves.
constexpr int kConnectionsFileVersion = 1;

// The file's bytes (indented JSON) for `connections`, secrets left out.
QByteArray connectionsToJson(const Connections &connections);
// Parses and validates a whole file. On any problem returns false, sets one sentence in
// `error` and leaves `connections` untouched. Entries without an id get a new one.
// `knownPrometheusIds`: ids a gateway may link to besides the file's own servers.
bool connectionsFromJson(const QByteArray &json, Connections *connections, QString *error,
                         const QStringList &knownPrometheusIds = {});

bool saveConnectionsFile(const QString &path, const Connections &connections, QString *error);
// For `--config FILE`: replaces `*connections` with the file's contents, or changes nothing
// and explains why.
bool loadConnectionsFile(const QString &path, Connections *connections, QString *error);

// A connection's URL as typed ("host:9091" means http://host:9091).
QUrl connectionUrl(const QString &text);

// A --config file holds no secret: the command line's --password-file fills in a gateway
// with a username, its --bearer-token-file one the file marks as taking a token, and
// nothing else gets them.
void fillCommandLineSecrets(GatewayConnection *gateway, const HttpConfig &commandLine);

// Import merges by id: an entry whose id is already in `*connections` replaces that entry
// (keeping the secrets already entered for it here, since the file has none), every other
// entry is appended. Nothing changes when the file is bad.
bool importConnectionsFile(const QString &path, Connections *connections, QString *error);
Connections mergeConnections(const Connections &base, const Connections &incoming);

// How to poll a saved gateway. When its URL does not parse, the endpoint is invalid and
// `error` says why.
GatewaySetup gatewaySetupFor(const GatewayConnection &gateway, std::chrono::milliseconds timeout,
                             QString *error);

} // namespace pushscope
