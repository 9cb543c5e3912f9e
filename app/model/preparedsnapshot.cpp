#include "preparedsnapshot.h"

#include <atomic>

namespace pushscope {

namespace {

// The very group prepared before, if it is: the parser reuses unchanged groups, so they
// share their family list with the previous snapshot.
const PreparedGroup *unchanged(const Group &group, const PreparedSnapshot *previous)
{
    if (!previous)
        return nullptr;
    const auto it = previous->indexById.constFind(group.key.id());
    if (it == previous->indexById.cend())
        return nullptr;
    const PreparedGroup &before = previous->groups.at(it.value());
    const bool same = !group.families.isEmpty() &&
                      before.group.families.constData() == group.families.constData() &&
                      before.group.pushTime == group.pushTime &&
                      before.group.pushFailureTime == group.pushFailureTime &&
                      before.group.lastPushSuccessful == group.lastPushSuccessful;
    return same ? &before : nullptr;
}

} // namespace

PreparedSnapshot prepareSnapshot(const Snapshot &snapshot, const PreparedSnapshot *previous)
{
    static std::atomic<quint64> lastSerial{0};
    PreparedSnapshot prepared;
    prepared.serial = ++lastSerial;
    prepared.basedOn = previous ? previous->serial : 0;
    prepared.groups.reserve(snapshot.groups.size());
    prepared.indexById.reserve(snapshot.groups.size());
    for (const Group &group : snapshot.groups) {
        if (const PreparedGroup *before = unchanged(group, previous)) {
            prepared.indexById.insert(before->id, prepared.groups.size());
            prepared.groups.append(*before);
            continue;
        }
        PreparedGroup entry{group, group.key.id(), OutcomeRules::evaluate(group),
                            group.key.otherLabelsText()};
        prepared.indexById.insert(entry.id, prepared.groups.size());
        prepared.changed.append(prepared.groups.size());
        prepared.groups.append(std::move(entry));
    }
    if (previous) {
        for (const PreparedGroup &before : previous->groups) {
            if (!prepared.indexById.contains(before.id))
                prepared.goneIds.append(before.id);
        }
    }
    return prepared;
}

} // namespace pushscope
