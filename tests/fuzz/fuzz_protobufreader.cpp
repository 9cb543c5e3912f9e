// Any bytes as a gateway's protobuf /metrics: the reader must answer (families or one
// sentence) without crashing, what it read must write back and read again the same, and a
// backup selected from it must give a body or a reason.
#include "gateway/protobufreader.h"
#include "gateway/unsupportedbackup.h"

#include <cstddef>
#include <cstdint>

using namespace pushscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ProtoReadResult read = readDelimitedFamilies(bytes);
    if (read.ok == !read.error.isEmpty())
        __builtin_trap(); // families or a reason, never both or neither
    for (const ProtoFamily &family : read.families) {
        const ProtoReadResult again =
            readDelimitedFamilies(writeDelimitedFamily(family, family.metrics));
        if (!again.ok || again.families.size() != 1 ||
            again.families.first().metrics.size() != family.metrics.size())
            __builtin_trap();
    }
    if (read.families.isEmpty())
        return 0;
    // A group whose unsupported family is the first one read, with its first metric's labels.
    const ProtoFamily &first = read.families.first();
    Group group;
    group.key = GroupingKey({{QStringLiteral("job"), QStringLiteral("fuzz")}});
    UnsupportedFamily unsupported;
    unsupported.name = first.name;
    unsupported.metricLabelsRead = true;
    if (!first.metrics.isEmpty())
        unsupported.metricLabels.append(first.metrics.first().labels);
    group.unsupportedFamilies.append(unsupported);
    const RestorableBody backup = toRestorableBody(group, GatewayExposition::fromBody(bytes));
    if (backup.isRestorable() == backup.body.isEmpty())
        __builtin_trap();
    return 0;
}
