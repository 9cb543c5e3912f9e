#include "gatewayendpoint.h"

namespace pushscope {

bool GatewayEndpoint::parse(const QString &text, GatewayEndpoint *endpoint, QString *error)
{
    const QString trimmed = text.trimmed();
    const QString withScheme =
        trimmed.contains(QStringLiteral("://")) ? trimmed : QStringLiteral("http://") + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("The gateway URL \"%1\" %2").arg(text, why);
        return false;
    };
    if (trimmed.isEmpty())
        return fail(QStringLiteral("is empty."));
    if (!url.isValid())
        return fail(QStringLiteral("is not a valid URL: %1.").arg(url.errorString()));
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return fail(QStringLiteral("must start with http:// or https://."));
    if (url.host().isEmpty())
        return fail(QStringLiteral("has no host."));
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("must not have a query or fragment."));
    // A password in the URL (user:password@) is used for basic auth but never shown:
    // the text names the gateway in messages, settings and backups.
    endpoint->m_text =
        url.password().isEmpty() ? trimmed : url.toDisplayString(QUrl::RemovePassword);
    endpoint->m_base = url;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    endpoint->m_base.setPath(path);
    return true;
}

QUrl GatewayEndpoint::url(const QString &path) const
{
    QUrl url = m_base;
    url.setPath(m_base.path() + path, QUrl::TolerantMode);
    return url;
}

} // namespace pushscope
