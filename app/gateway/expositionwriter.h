#pragma once

#include "snapshot.h"

#include <QByteArray>

namespace pushscope {

// A group's families in the Prometheus text exposition format, as they would be pushed to
// the group's own key: HELP and TYPE lines, summaries and histograms expanded into their
// series, and without the labels the grouping key already carries (and the gateway's
// default instance="").
QByteArray toExpositionText(const Group &group);

// The content type of a body in the Prometheus text format, as PushScope writes it.
inline QByteArray textFormatContentType()
{
    return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

// A group's backup: a body that, pushed (PUT) to the group's key, gives back the families
// the gateway showed. The text format where it carries the group exactly, otherwise the
// delimited protobuf format (native and gauge histograms, fractional histogram counts,
// names the text format cannot carry unquoted such as `my.metric`).
struct RestorableBody {
    QByteArray body;
    QByteArray contentType;
    QString whyNot; // set (body empty) when the group cannot be rebuilt from what was shown
    bool isRestorable() const { return whyNot.isEmpty(); }
};
RestorableBody toRestorableBody(const Group &group);

} // namespace pushscope
