#pragma once

#include "gateway/snapshot.h"
#include "outcome.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

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
    // Every prepared snapshot has its own serial. One prepared against a previous one also
    // tells what changed since: so a poll in which 5 % of 10,000 groups were pushed again
    // costs the GUI thread 500 groups' work, not 10,000.
    quint64 serial = 0;
    quint64 basedOn = 0;      // the previous snapshot's serial; 0 = prepared alone
    QList<qsizetype> changed; // indexes into groups: new, or pushed since `basedOn`
    QStringList goneIds;      // ids in `basedOn` that are not here
};

// Pure and thread-safe. Groups that parseSnapshot() took unchanged from the previous poll
// keep their verdict from `previous` instead of running the rules again.
PreparedSnapshot prepareSnapshot(const Snapshot &snapshot,
                                 const PreparedSnapshot *previous = nullptr);

} // namespace pushscope
