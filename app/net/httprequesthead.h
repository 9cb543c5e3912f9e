#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace pushscope {

// The head of a bodiless request to `target` as QNetworkAccessManager writes it (Qt 6.4): the
// request line, Host, User-Agent, Authorization (the configured credentials, else those in the
// URL) and the extra headers, a header set again replacing the earlier one.
QByteArray requestHead(const QByteArray &verb, const QUrl &target, const QByteArray &authorization,
                       const QList<QPair<QByteArray, QByteArray>> &extraHeaders);

} // namespace pushscope
