#pragma once

#include "replybody.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace pushscope {

// The outcome of one HTTP request, delivered by value.
struct HttpResult {
    bool ok = false;
    int httpStatus = 0;      // 0 when no HTTP answer arrived
    QString error;           // one plain sentence when !ok
    QByteArray payload;      // the body (also for HTTP errors)
    ReplyBody payloadParts;  // instead of payload, for a 2xx reply asked for in parts
    QDateTime serverDate;    // the reply's Date header, invalid if absent
    QByteArray contentType;  // the reply's Content-Type header, as sent
    qint64 sentAtMs = 0;     // local epoch milliseconds when the request was sent
    qint64 receivedAtMs = 0; // local epoch milliseconds when the reply finished
    qint64 latencyMs() const { return receivedAtMs - sentAtMs; }
};

} // namespace pushscope
