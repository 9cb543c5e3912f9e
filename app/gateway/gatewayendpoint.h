#pragma once

#include <QString>
#include <QUrl>

namespace pushscope {

// `text` with the password of any user:password@ replaced by "***": for every message,
// label or file that shows a URL as the operator typed it.
QString redactUrlPassword(const QString &text);
// `text` without the password of any user:password@ (the user stays): what may be stored.
QString stripUrlPassword(const QString &text);

// Where a Pushgateway lives: the URL as the operator gave it, route prefix included.
class GatewayEndpoint
{
public:
    GatewayEndpoint() = default;
    // Accepts "http://host:9091", "https://host/prefix/", or "host:9091" (http assumed).
    // User info in the URL becomes basic auth; text() never shows its password.
    static bool parse(const QString &text, GatewayEndpoint *endpoint, QString *error);

    const QString &text() const { return m_text; }
    const QUrl &baseUrl() const { return m_base; }
    bool isValid() const { return m_base.isValid(); }
    // The base URL with `path` appended below the route prefix; `path` starts with '/'.
    QUrl url(const QString &path) const;

private:
    QString m_text;
    QUrl m_base;
};

} // namespace pushscope
