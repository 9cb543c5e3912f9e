// Any bytes as a reply of /api/v1/metrics: the parser must answer (a snapshot or one
// sentence) without crashing, and every group it returns must give a backup or a reason.
#include "gateway/expositionwriter.h"
#include "gateway/snapshotparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray reply(reinterpret_cast<const char *>(data), qsizetype(size));
    const pushscope::SnapshotParseResult result = pushscope::parseSnapshot(reply);
    if (!result.ok && result.error.isEmpty())
        __builtin_trap(); // a failure must say why
    for (const pushscope::Group &group : result.snapshot.groups) {
        const pushscope::RestorableBody backup = pushscope::toRestorableBody(group);
        if (backup.isRestorable() == backup.body.isEmpty() && !group.families.isEmpty())
            __builtin_trap(); // a body, or a reason, never both or neither
    }
    // Parsing again with the first result as the previous snapshot takes the reuse path.
    if (result.ok)
        pushscope::parseSnapshot(reply, &result.snapshot);
    return 0;
}
