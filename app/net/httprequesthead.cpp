#include "httprequesthead.h"

#include "preparedhttpconfig.h"

#include <QHostAddress>
#include <algorithm>

namespace pushscope {

namespace {

// The request target and Host header exactly as QNetworkAccessManager writes them (Qt 6.4,
// QHttpNetworkRequestPrivate::uri and QHttpNetworkConnectionPrivate::prepareRequest), so that
// a grouping key's path reaches the gateway byte for byte as it did before.
QByteArray requestTarget(const QUrl &url)
{
    QUrl copy = url;
    QUrl::FormattingOptions format = QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                                     QUrl::FullyEncoded | QUrl::RemoveScheme |
                                     QUrl::RemoveAuthority;
    if (copy.path().isEmpty())
        copy.setPath(QStringLiteral("/"));
    else
        format |= QUrl::NormalizePathSegments;
    return copy.toEncoded(format);
}

QByteArray hostHeader(const QUrl &url)
{
    const QString name = url.host();
    QHostAddress address;
    QByteArray host;
    if (address.setAddress(name))
        host = address.protocol() == QAbstractSocket::IPv6Protocol ? '[' + name.toLatin1() + ']'
                                                                   : name.toLatin1();
    else
        host = QUrl::toAce(name);
    if (url.port() != -1)
        host += ':' + QByteArray::number(url.port());
    return host;
}

} // namespace

QByteArray requestHead(const QByteArray &verb, const QUrl &target, const QByteArray &authorization,
                       const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QByteArray fromUrl;
    const QUrl url = takeUserInfo(target, &fromUrl);
    // As QNetworkRequest::setRawHeader() does: a header set again replaces the earlier one,
    // so a configured Host (a virtual host behind an ingress) or User-Agent wins.
    QList<QPair<QByteArray, QByteArray>> headers = {
        {"Host", hostHeader(url)},
        {"User-Agent", QByteArrayLiteral("PushScope/" PUSHSCOPE_VERSION)}};
    const QByteArray credentials = authorization.isEmpty() ? fromUrl : authorization;
    if (!credentials.isEmpty())
        headers.append({"Authorization", credentials});
    for (const auto &header : extraHeaders) {
        const auto same = std::find_if(headers.begin(), headers.end(), [&](const auto &known) {
            return known.first.compare(header.first, Qt::CaseInsensitive) == 0;
        });
        if (same != headers.end())
            same->second = header.second;
        else
            headers.append(header);
    }
    QByteArray head = verb + ' ' + requestTarget(url) + " HTTP/1.1\r\n";
    for (const auto &[name, value] : std::as_const(headers))
        head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

} // namespace pushscope
