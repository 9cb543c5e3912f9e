#include "gatewayendpoint.h"

#include <QRegularExpression>

namespace pushscope {

namespace {

// scheme://user:password@ (or user:password@host without a scheme); group 1 ends at the user.
const QRegularExpression &userInfoPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/@:?#]*):[^/@?#]*@"));
    return pattern;
}

} // namespace

QString redactUrlPassword(const QString &text)
{
    QString redacted = text;
    return redacted.replace(userInfoPattern(), QStringLiteral("\\1:***@"));
}

QString stripUrlPassword(const QString &text)
{
    QString stripped = text;
    return stripped.replace(userInfoPattern(), QStringLiteral("\\1@"));
}

bool GatewayEndpoint::parse(const QString &text, GatewayEndpoint *endpoint, QString *error)
{
    const QString trimmed = text.trimmed();
    const QString withScheme =
        trimmed.contains(QStringLiteral("://")) ? trimmed : QStringLiteral("http://") + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("The gateway URL \"%1\" %2").arg(redactUrlPassword(text), why);
        return false;
    };
    if (trimmed.isEmpty())
        return fail(QStringLiteral("is empty."));
    if (!url.isValid())
        return fail(QStringLiteral("is not a valid URL.")); // errorString() quotes it whole
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
