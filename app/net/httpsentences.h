#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QString>
#include <QUrl>
#include <chrono>

namespace pushscope {

// The sentences a failed request becomes, shared by HttpClient and HttpWritePool so that an
// operator reads the same words whichever of the two sent it.

QString hostAndPort(const QUrl &url);
// The URL without user info and query, as messages show it.
QString displayUrl(const QUrl &url);

// "No answer from URL within 10 s." / "No complete answer ... (N bytes received)."
QString noAnswerSentence(const QUrl &url, std::chrono::milliseconds timeout, bool anyAnswer,
                         qint64 bytesReceived);
// A 3xx that is not followed.
QString redirectSentence(const QUrl &url, int httpStatus, const QByteArray &location);
// A 4xx or 5xx: the status, its reason and the body's first line; 401 and 403 name the
// authentication. `reason` empty: the standard phrase.
QString httpStatusSentence(const QUrl &url, int httpStatus, QString reason, const QByteArray &body);
// A connection-level failure: refused, host not found, closed, TLS handshake failed, ...
QString socketErrorSentence(QAbstractSocket::SocketError error, const QString &errorString,
                            const QUrl &url);
// A failure no more specific sentence fits; a TLS alert that means "client certificate
// needed" is said so.
QString otherFailureSentence(const QString &errorString, const QUrl &url);

} // namespace pushscope
