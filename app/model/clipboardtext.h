#pragma once

#include "gateway/groupingkey.h"
#include "net/httpconfig.h"

#include <QString>
#include <QUrl>

namespace pushscope {

// Text the window puts on the clipboard or opens, built without any widget so that it can
// be tested as it is. Nothing here ever holds a password or a token.

// One line of Copy: the key as PushScope prints it, then the gateway as a PromQL comment,
// {job="x",instance=""} # backup-gw. The filter and `--match` read the line back as the
// key's matchers (the comment is skipped).
QString keyClipboardLine(const GroupingKey &key, const QString &gatewayName);

// `text` for a POSIX shell: in single quotes, a ' inside as '\''.
QString shellQuote(const QString &text);

// A curl command that sends DELETE to `url` the way the gateway connection `http` is reached:
// TLS files and verification as configured; basic auth as -u <user> (curl asks for the
// password), a bearer token as "$PUSHGATEWAY_TOKEN", extra headers named in a comment only.
QString curlDeleteCommand(const QUrl &url, const HttpConfig &http);
// The command for one key, or a shell comment with the reason when no URL addresses exactly
// `key` (`reason` is what the deleter would say; it never sends a guess either).
QString curlDeleteLine(const GroupingKey &key, const QUrl &url, const QString &reason,
                       const HttpConfig &http);

// The Prometheus expression browser for `expr` over `range`:
// <prometheus>/graph?g0.expr=<expr>&g0.tab=0&g0.range_input=1h, every reserved character of
// `expr` percent-encoded (a '+' or '&' in a label value stays part of the expression). The
// user info of `prometheus` is dropped.
QUrl prometheusGraphUrl(const QUrl &prometheus, const QString &expr,
                        const QString &range = QStringLiteral("1h"));

// Grafana's Explore for `expr` on the data source `datasource` (its UID, or its name) over
// the last `rangeSeconds`: <grafana>/explore?left=<JSON> (Grafana's own Explore link), the JSON
// {"datasource":…,"queries":[{"refId":"A","expr":…}],"range":{"from":"now-1h","to":"now"}}
// percent-encoded whole. The user info of `grafana` is dropped.
QUrl grafanaExploreUrl(const QUrl &grafana, const QString &datasource, const QString &expr,
                       qint64 rangeSeconds = 3600);
// Grafana's relative time for the last `seconds`, in the largest unit that divides it:
// 3600 -> "now-1h", 90 -> "now-90s" (Grafana reads one unit, not "1h30m").
QString grafanaRelativeTime(qint64 seconds);

} // namespace pushscope
