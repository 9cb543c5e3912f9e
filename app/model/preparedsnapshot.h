#pragma once

#include "gateway/snapshot.h"
#include "outcome.h"

#include <QHash>
#include <QList>
#include <QString>

namespace pushscope {

// A group with everything that can be worked out without the clock: its identity, the
// outcome its metrics give, and display text. Made off the GUI thread.
struct PreparedGroup {
    Group group;
    QString id;
    Verdict metricsVerdict;
    QString labelsText;
};

struct PreparedSnapshot {
    QList<PreparedGroup> groups;
    QHash<QString, qsizetype> indexById;
};

// Pure and thread-safe.
PreparedSnapshot prepareSnapshot(const Snapshot &snapshot);

} // namespace pushscope
