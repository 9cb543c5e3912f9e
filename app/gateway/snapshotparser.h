#pragma once

#include "snapshot.h"

#include <QByteArray>
#include <QString>

namespace pushscope {

struct SnapshotParseResult {
    bool ok = false;
    QString error; // one sentence for the user when !ok
    Snapshot snapshot;
};

// Parses the reply of GET /api/v1/metrics (Pushgateway 1.2.0 and newer).
// A group's content changes only when it is pushed, which moves one of its push times, so
// a group whose key and push times equal those in `previous` is taken from there instead
// of being parsed again. Pure and thread-safe: meant to run off the GUI thread.
SnapshotParseResult parseSnapshot(const QByteArray &json, const Snapshot *previous = nullptr);

// Parses the numbers of the JSON API and the text format: "1.5", "NaN", "+Inf", "-Inf".
bool parseMetricNumber(const QString &text, double *value);
QString formatMetricNumber(double value);

} // namespace pushscope
