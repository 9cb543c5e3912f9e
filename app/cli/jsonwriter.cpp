#include "jsonwriter.h"

#include <QLocale>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace pushscope {

namespace {

char hexDigit(uint value)
{
    return "0123456789abcdef"[value & 0xf];
}

char *escapeUnicode(char *cursor, char16_t u)
{
    *cursor++ = '\\';
    *cursor++ = 'u';
    *cursor++ = hexDigit(u >> 12);
    *cursor++ = hexDigit(u >> 8);
    *cursor++ = hexDigit(u >> 4);
    *cursor++ = hexDigit(u);
    return cursor;
}

// Writes `text` escaped at `cursor`, which has room for 6 bytes per UTF-16 unit.
char *escapeInto(char *cursor, QStringView text)
{
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    while (src != end) {
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                *cursor++ = char(u);
                continue;
            }
            *cursor++ = '\\';
            switch (u) {
            case u'"':
                *cursor++ = '"';
                break;
            case u'\\':
                *cursor++ = '\\';
                break;
            case 0x8:
                *cursor++ = 'b';
                break;
            case 0xc:
                *cursor++ = 'f';
                break;
            case 0xa:
                *cursor++ = 'n';
                break;
            case 0xd:
                *cursor++ = 'r';
                break;
            case 0x9:
                *cursor++ = 't';
                break;
            default:
                cursor = escapeUnicode(cursor - 1, u);
            }
        } else if (u < 0x800) {
            *cursor++ = char(0xc0 | (u >> 6));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (u < 0xd800 || u > 0xdfff) {
            *cursor++ = char(0xe0 | (u >> 12));
            *cursor++ = char(0x80 | ((u >> 6) & 0x3f));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (u < 0xdc00 && src != end && *src >= 0xdc00 && *src <= 0xdfff) {
            const char32_t c = 0x10000 + ((char32_t(u) - 0xd800) << 10) + (*src++ - 0xdc00);
            *cursor++ = char(0xf0 | (c >> 18));
            *cursor++ = char(0x80 | ((c >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((c >> 6) & 0x3f));
            *cursor++ = char(0x80 | (c & 0x3f));
        } else {
            cursor = escapeUnicode(cursor, u); // a lone surrogate
        }
    }
    return cursor;
}

// The text of QByteArray::number(value, 'g', QLocale::FloatingPointShortest), from a small
// cache: the values of one listing repeat a lot (bucket bounds, counts, zeros).
class NumberCache
{
public:
    QByteArrayView text(double value)
    {
        quint64 bits;
        std::memcpy(&bits, &value, sizeof bits);
        Entry &entry = m_entries[(bits * 0x9E3779B97F4A7C15ull) >> 55];
        if (entry.length < 0 || entry.bits != bits) {
            m_spill = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
            if (m_spill.size() >= qsizetype(sizeof entry.text))
                return m_spill;
            std::memcpy(entry.text, m_spill.constData(), size_t(m_spill.size()));
            entry.length = qint8(m_spill.size());
            entry.bits = bits;
        }
        return QByteArrayView(entry.text, entry.length);
    }

private:
    struct Entry {
        quint64 bits = 0;
        qint8 length = -1; // -1 = empty
        char text[31];
    };
    Entry m_entries[512];
    QByteArray m_spill;
};

QByteArrayView shortestNumber(double value)
{
    thread_local NumberCache cache;
    return cache.text(value);
}

} // namespace

ByteSink::ByteSink(Write write, qsizetype chunkBytes)
    : m_write(std::move(write))
    , m_chunkBytes(chunkBytes)
{
    m_buffer.reserve(m_write ? chunkBytes + chunkBytes / 4 : chunkBytes);
}

void ByteSink::flush()
{
    m_write(m_buffer);
    m_buffer.resize(0); // keeps the allocation for the next chunk
}

void appendJsonEscaped(QByteArray *out, QStringView text)
{
    const qsizetype start = out->size();
    out->resize(start + 6 * text.size());
    char *const end = escapeInto(out->data() + start, text);
    out->resize(end - out->constData());
}

void JsonWriter::commit()
{
    if (!m_begin)
        return;
    m_sink->buffer().resize(m_cursor - m_begin); // shrinking keeps the allocation
    m_begin = m_cursor = m_end = nullptr;
}

void JsonWriter::drain()
{
    commit();
    m_sink->drain();
}

void JsonWriter::grow(qsizetype bytes)
{
    QByteArray &buffer = m_sink->buffer();
    const qsizetype used = m_begin ? m_cursor - m_begin : buffer.size();
    buffer.resize(std::max({used + bytes, used + (64 << 10), 2 * used}));
    m_begin = buffer.data();
    m_cursor = m_begin + used;
    m_end = m_begin + buffer.size();
}

void JsonWriter::put(const char *text, qsizetype length)
{
    std::memcpy(room(length), text, size_t(length));
    m_cursor += length;
}

void JsonWriter::key(QStringView name)
{
    beforeMember();
    m_cursor = escapeInto(room(6 * name.size() + 3), name);
    put("\": ", 3);
}

void JsonWriter::key(QLatin1StringView name)
{
    beforeMember();
    put(name.data(), name.size());
    put("\": ", 3);
}

void JsonWriter::string(QStringView text)
{
    beforeValue();
    char *cursor = room(6 * text.size() + 2);
    *cursor++ = '"';
    cursor = escapeInto(cursor, text);
    *cursor++ = '"';
    m_cursor = cursor;
}

void JsonWriter::number(double value)
{
    if (!std::isfinite(value)) {
        raw("null");
    } else if (value == std::trunc(value) && value >= -9223372036854775808.0 &&
               value < 9223372036854775808.0) {
        integer(qint64(value));
    } else {
        raw(shortestNumber(value));
    }
}

void JsonWriter::integer(qint64 value)
{
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, value);
    raw(QByteArrayView(text, result.ptr - text));
}

void JsonWriter::boolean(bool value)
{
    raw(value ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::metricNumber(double value)
{
    beforeValue();
    put('"');
    if (std::isnan(value)) {
        put("NaN", 3);
    } else if (std::isinf(value)) {
        put(value > 0 ? "+Inf" : "-Inf", 4);
    } else {
        const QByteArrayView text = shortestNumber(value);
        put(text.data(), text.size());
    }
    put('"');
}

void JsonWriter::raw(QByteArrayView json)
{
    beforeValue();
    put(json.data(), json.size());
}

void JsonWriter::open(char bracket)
{
    beforeValue();
    put(bracket);
    put('\n');
    m_levels.append(Level{bracket == '[', true});
}

void JsonWriter::close(char bracket)
{
    const bool empty = m_levels.back().empty;
    m_levels.removeLast();
    if (!empty)
        put('\n');
    indent();
    put(bracket);
    if (m_levels.isEmpty())
        put('\n');
}

// Before a value: in an array the separator and indentation of a new element; after a key
// nothing (key() wrote them); at the top level nothing.
void JsonWriter::beforeValue()
{
    if (m_levels.isEmpty())
        return;
    Level &level = m_levels.back();
    if (!level.isArray)
        return;
    if (!level.empty)
        put(",\n", 2);
    level.empty = false;
    indent();
}

// Before a member of an object: the separator, the indentation and the key's opening quote.
void JsonWriter::beforeMember()
{
    Level &level = m_levels.back();
    if (!level.empty)
        put(",\n", 2);
    level.empty = false;
    indent();
    put('"');
}

void JsonWriter::indent()
{
    const qsizetype width = 4 * m_levels.size();
    std::memset(room(width), ' ', size_t(width));
    m_cursor += width;
}

} // namespace pushscope
