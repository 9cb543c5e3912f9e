#include "preparedsnapshot.h"

namespace pushscope {

PreparedSnapshot prepareSnapshot(const Snapshot &snapshot) {
    PreparedSnapshot prepared;
    prepared.groups.reserve(snapshot.groups.size());
    prepared.indexById.reserve(snapshot.groups.size());
    for (const Group &group : snapshot.groups) {
        PreparedGroup entry{group, group.key.id(), OutcomeRules::evaluate(group),
                            group.key.otherLabelsText()};
        prepared.indexById.insert(entry.id, prepared.groups.size());
        prepared.groups.append(std::move(entry));
    }
    return prepared;
}

} // namespace pushscope
