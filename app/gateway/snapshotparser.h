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
// Pure and thread-safe: meant to run off the GUI thread.
SnapshotParseResult parseSnapshot(const QByteArray &json);

// Parses the numbers of the JSON API and the text format: "1.5", "NaN", "+Inf", "-Inf".
bool parseMetricNumber(const QString &text, double *value);
QString formatMetricNumber(double value);

} // namespace pushscope
