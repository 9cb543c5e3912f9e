// Any text as a filter or --match selector: parsed, or refused with a sentence, never a
// crash; accepted matchers are applied to a key to run the regular expressions.
#include "gateway/labelselectorparser.h"
#include "model/labelmatcher.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<pushscope::RawLabelMatcher> raw;
    QString error;
    if (!pushscope::parseLabelSelector(text, &raw, &error) && error.isEmpty())
        __builtin_trap();
    pushscope::LabelMatchers matchers;
    error.clear();
    if (pushscope::parseMatchers(text, &matchers, &error)) {
        const pushscope::GroupingKey key(
            {{QStringLiteral("job"), QStringLiteral("batch")}, {QStringLiteral("x"), text}});
        pushscope::matchesAll(matchers, key);
    } else if (error.isEmpty()) {
        __builtin_trap();
    }
    pushscope::looksLikeMatchers(text);
    return 0;
}
