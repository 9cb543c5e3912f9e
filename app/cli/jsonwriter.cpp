#include "jsonwriter.h"

#include <QLocale>
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

// The same text QByteArray::number(value, 'g', QLocale::FloatingPointShortest) gives, from
// a small cache: the values of one listing repeat a lot (bucket bounds, counts, zeros).
struct NumberCache {
    struct Entry {
        quint64 bits = 0;
        qint8 length = -1; // -1 = empty
        char text[31];
    };
    Entry entries[512];

    void append(QByteArray *out, double value)
    {
        quint64 bits;
        std::memcpy(&bits, &value, sizeof bits);
        Entry &entry = entries[(bits * 0x9E3779B97F4A7C15ull) >> 55];
        if (entry.length < 0 || entry.bits != bits) {
            const QByteArray text = QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
            if (text.size() >= qsizetype(sizeof entry.text)) {
                out->append(text);
                return;
            }
            std::memcpy(entry.text, text.constData(), size_t(text.size()));
            entry.length = qint8(text.size());
            entry.bits = bits;
        }
        out->append(entry.text, entry.length);
    }
};

NumberCache &numberCache()
{
    thread_local NumberCache cache;
    return cache;
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
    // At most 6 bytes per UTF-16 unit (\uXXXX); a surrogate pair takes 4 for 2 units.
    out->resize(start + 6 * text.size());
    char *const begin = out->data() + start;
    char *cursor = begin;
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
    out->resize(start + (cursor - begin));
}

void appendMetricNumber(QByteArray *out, double value)
{
    if (std::isnan(value))
        out->append("NaN");
    else if (std::isinf(value))
        out->append(value > 0 ? "+Inf" : "-Inf");
    else
        numberCache().append(out, value);
}

void JsonWriter::key(QStringView name)
{
    beforeMember();
    appendJsonEscaped(m_out, name);
    m_out->append("\": ");
}

void JsonWriter::key(QLatin1StringView name)
{
    beforeMember();
    m_out->append(name.data(), name.size()); // the caller's own plain ASCII names
    m_out->append("\": ");
}

void JsonWriter::beforeMember()
{
    Level &level = m_levels.back();
    if (!level.empty)
        m_out->append(",\n");
    level.empty = false;
    indent();
    m_out->append('"');
}

void JsonWriter::string(QStringView text)
{
    beforeValue();
    m_out->append('"');
    appendJsonEscaped(m_out, text);
    m_out->append('"');
}

void JsonWriter::string(QLatin1StringView text)
{
    string(QStringView(QString(text)));
}

void JsonWriter::number(double value)
{
    if (!std::isfinite(value)) {
        raw("null");
    } else if (value == std::trunc(value) && value >= -9223372036854775808.0 &&
               value < 9223372036854775808.0) {
        integer(qint64(value));
    } else {
        beforeValue();
        numberCache().append(m_out, value);
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
    m_out->append('"');
    appendMetricNumber(m_out, value);
    m_out->append('"');
}

void JsonWriter::raw(QByteArrayView json)
{
    beforeValue();
    m_out->append(json.data(), json.size());
}

void JsonWriter::open(char bracket)
{
    beforeValue();
    m_out->append(bracket);
    m_out->append('\n');
    m_levels.append(Level{bracket == '[', true});
}

void JsonWriter::close(char bracket)
{
    const bool empty = m_levels.back().empty;
    m_levels.removeLast();
    if (!empty)
        m_out->append('\n');
    indent();
    m_out->append(bracket);
    if (m_levels.isEmpty())
        m_out->append('\n');
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
        m_out->append(",\n");
    level.empty = false;
    indent();
}

void JsonWriter::indent()
{
    m_out->append(4 * m_levels.size(), ' ');
}

} // namespace pushscope
