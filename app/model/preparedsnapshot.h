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

// Pure and thread-safe. Groups that parseSnapshot() took unchanged from the previous poll
// keep their verdict from `previous` instead of running the rules again.
PreparedSnapshot prepareSnapshot(const Snapshot &snapshot,
                                 const PreparedSnapshot *previous = nullptr);

} // namespace pushscope
