#include "clipboardtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>

namespace pushscope {

QString keyClipboardLine(const GroupingKey &key, const QString &gatewayName)
{
    QString name = gatewayName;
    name.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return key.toString() + QStringLiteral(" # ") + name;
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString curlDeleteCommand(const QUrl &url, const HttpConfig &http)
{
    QStringList parts = {QStringLiteral("curl"), QStringLiteral("-X DELETE")};
    const QString user = http.hasBasicAuth() ? http.username : url.userName();
    if (!user.isEmpty())
        parts.append(QStringLiteral("-u ") + shellQuote(user));
    if (!http.bearerToken.isEmpty())
        parts.append(QStringLiteral("-H \"Authorization: Bearer $PUSHGATEWAY_TOKEN\""));
    if (!http.caFile.isEmpty())
        parts.append(QStringLiteral("--cacert ") + shellQuote(http.caFile));
    if (!http.certFile.isEmpty())
        parts.append(QStringLiteral("--cert ") + shellQuote(http.certFile));
    if (!http.keyFile.isEmpty())
        parts.append(QStringLiteral("--key ") + shellQuote(http.keyFile));
    if (http.insecureSkipVerify)
        parts.append(QStringLiteral("-k"));
    parts.append(shellQuote(url.toString(QUrl::RemoveUserInfo | QUrl::FullyEncoded)));
    QString command = parts.join(QLatin1Char(' '));
    QStringList headers;
    for (const auto &header : http.headers)
        headers.append(QString::fromLatin1(header.first));
    if (!headers.isEmpty())
        command += QStringLiteral("  # add the connection's header(s) %1 with -H")
                       .arg(headers.join(QStringLiteral(", ")));
    return command;
}

QString curlDeleteLine(const GroupingKey &key, const QUrl &url, const QString &reason,
                       const HttpConfig &http)
{
    if (url.isEmpty() || key.isAmbiguous()) {
        QString why = key.isAmbiguous() ? QStringLiteral("The exact key of %1 is hidden by a "
                                                         "family named \"labels\"; no URL is "
                                                         "given rather than a guess.")
                                              .arg(key.toString())
                                        : reason;
        why.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return QStringLiteral("# ") + why;
    }
    return curlDeleteCommand(url, http);
}

namespace {

// `page` below `base`'s path (a route prefix is kept), without user info or fragment.
QUrl pageBelow(const QUrl &base, const QString &page)
{
    QUrl url = base;
    url.setUserInfo({});
    url.setFragment({});
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + page);
    return url;
}

} // namespace

QUrl prometheusGraphUrl(const QUrl &prometheus, const QString &expr, const QString &range)
{
    QUrl url = pageBelow(prometheus, QStringLiteral("graph"));
    const QByteArray query = "g0.expr=" + QUrl::toPercentEncoding(expr) +
                             "&g0.tab=0&g0.range_input=" + QUrl::toPercentEncoding(range);
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

QString grafanaRelativeTime(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 1);
    static const std::pair<qint64, char> units[] = {
        {604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}};
    for (const auto &[size, unit] : units) {
        if (seconds % size == 0)
            return QStringLiteral("now-%1%2").arg(seconds / size).arg(QLatin1Char(unit));
    }
    return QStringLiteral("now-%1s").arg(seconds);
}

QUrl grafanaExploreUrl(const QUrl &grafana, const QString &datasource, const QString &expr,
                       qint64 rangeSeconds)
{
    QUrl url = pageBelow(grafana, QStringLiteral("explore"));
    const QJsonObject query{{QStringLiteral("refId"), QStringLiteral("A")},
                            {QStringLiteral("expr"), expr}};
    const QJsonObject range{{QStringLiteral("from"), grafanaRelativeTime(rangeSeconds)},
                            {QStringLiteral("to"), QStringLiteral("now")}};
    const QJsonObject left{{QStringLiteral("datasource"), datasource},
                           {QStringLiteral("queries"), QJsonArray{query}},
                           {QStringLiteral("range"), range}};
    const QByteArray json = QJsonDocument(left).toJson(QJsonDocument::Compact);
    url.setQuery(QStringLiteral("left=") +
                     QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(json))),
                 QUrl::StrictMode);
    return url;
}

} // namespace pushscope
