// Any bytes as a server's answer to a DELETE, in pieces whose sizes the input chooses (its
// first byte): the reader completes, fails with a reason, or waits, never grows past its
// bounds, and never takes bytes it does not hand back.
#include "net/httpresponsereader.h"

#include <cstddef>
#include <cstdint>

using pushscope::HttpResponseReader;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 64;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    constexpr qint64 kMaxBody = 4096;
    HttpResponseReader reader(kMaxBody);
    QByteArray in;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        in += bytes.mid(at, piece);
        // Answers follow one another on a kept connection.
        while (!in.isEmpty()) {
            const qsizetype before = in.size();
            const HttpResponseReader::State state = reader.feed(in);
            if (in.size() > before || reader.body().size() > kMaxBody)
                __builtin_trap();
            if (state == HttpResponseReader::State::Failed) {
                if (reader.error().isEmpty())
                    __builtin_trap();
                return 0;
            }
            if (state == HttpResponseReader::State::Reading)
                break;
            if (reader.status() < 100 || reader.status() > 999)
                __builtin_trap();
            reader.header("Content-Type");
            reader.reset();
        }
    }
    if (reader.finishAtClose() == HttpResponseReader::State::Failed && reader.error().isEmpty())
        __builtin_trap();
    return 0;
}
