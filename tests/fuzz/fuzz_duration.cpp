// Any text as a Prometheus duration (--older-than, --stale-after): a value or a sentence;
// an accepted value is finite and not negative, and formats without a crash.
#include "model/duration.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    double seconds = -1;
    QString error;
    if (pushscope::parseDuration(text, &seconds, &error)) {
        if (!std::isfinite(seconds) || seconds < 0)
            __builtin_trap();
        pushscope::formatDuration(seconds);
        pushscope::formatAge(seconds);
    } else if (error.isEmpty()) {
        __builtin_trap();
    }
    return 0;
}
