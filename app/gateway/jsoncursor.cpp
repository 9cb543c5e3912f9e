#include "jsoncursor.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace pushscope {

namespace {

constexpr qsizetype kInternMaxLength = 96;

quint64 mix(quint64 h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

} // namespace

size_t qHash(JsonBytesKey key, size_t seed) noexcept
{
    const char *p = key.bytes.data();
    qsizetype n = key.bytes.size();
    quint64 h = quint64(seed) ^ (quint64(n) * 0x9e3779b97f4a7c15ULL);
    for (; n >= 8; p += 8, n -= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        h = mix(h ^ word);
    }
    quint64 tail = 0;
    if (n > 0)
        std::memcpy(&tail, p, size_t(n));
    return size_t(mix(h ^ tail ^ (quint64(n) << 59)));
}

JsonCursor::JsonCursor(QByteArrayView json)
    : m_begin(json.data())
    , m_pos(json.data())
    , m_end(json.data() + json.size())
    , m_interned(m_ownInterned)
    , m_textBegin(m_begin)
    , m_textEnd(m_end)
{
    m_interned.reserve(1024);
}

JsonCursor::JsonCursor(QByteArrayView part, JsonCursor &parent)
    : m_begin(part.data())
    , m_pos(part.data())
    , m_end(part.data() + part.size())
    , m_interned(parent.m_interned)
    , m_textBegin(parent.m_textBegin)
    , m_textEnd(parent.m_textEnd)
{}

void JsonCursor::fail(const QString &why)
{
    if (m_failed)
        return;
    m_failed = true;
    m_error = why;
    m_errorOffset = std::min(m_pos, m_end) - m_textBegin;
    m_pos = m_end;
}

void JsonCursor::skipSpace()
{
    while (m_pos < m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
        ++m_pos;
}

bool JsonCursor::atEnd()
{
    skipSpace();
    return m_pos >= m_end;
}

bool JsonCursor::expect(char c)
{
    skipSpace();
    if (m_pos < m_end && *m_pos == c) {
        ++m_pos;
        return true;
    }
    if (m_pos < m_end)
        fail(QStringLiteral("'%1' expected but '%2' found")
                 .arg(QLatin1Char(c))
                 .arg(QLatin1Char(*m_pos)));
    else
        fail(QStringLiteral("'%1' expected but the text ended").arg(QLatin1Char(c)));
    return false;
}

JsonCursor::Kind JsonCursor::peekKind()
{
    skipSpace();
    if (m_pos >= m_end)
        return Kind::Invalid;
    switch (*m_pos) {
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case '"':
        return Kind::String;
    case 't':
    case 'f':
        return Kind::Bool;
    case 'n':
        return Kind::Null;
    default:
        return (*m_pos == '-' || (*m_pos >= '0' && *m_pos <= '9')) ? Kind::Number : Kind::Invalid;
    }
}

bool JsonCursor::enterContainer(char open, bool isObject)
{
    skipSpace();
    if (m_first.size() >= kMaxDepth && m_pos < m_end && *m_pos == open) {
        fail(QStringLiteral("it nests deeper than %1 levels").arg(kMaxDepth));
        return false;
    }
    if (!expect(open))
        return false;
    m_first.append(true);
    m_inObject.append(isObject);
    return true;
}

bool JsonCursor::beginObject()
{
    return enterContainer('{', true);
}

// Past the separating comma to the next member or element of the innermost object or array;
// false (and out of it) at its `close` bracket, or on an error.
bool JsonCursor::advanceInContainer(char close)
{
    if (m_failed || m_first.isEmpty())
        return false;
    skipSpace();
    if (m_pos < m_end && *m_pos == close) {
        ++m_pos;
        m_first.removeLast();
        m_inObject.removeLast();
        return false;
    }
    if (!m_first.last() && !expect(','))
        return false;
    m_first.last() = false;
    return !m_failed;
}

bool JsonCursor::nextKey(QByteArrayView *key)
{
    if (!advanceInContainer('}'))
        return false;
    skipSpace();
    bool escaped = false;
    const QByteArrayView raw = readRawString(&escaped);
    if (m_failed || !expect(':'))
        return false;
    // Keys of this schema never need unescaping to be compared; escaped keys are decoded
    // by the caller through readString() semantics when used as label names.
    *key = raw;
    if (escaped) {
        m_escapedKey = decodeEscaped(raw).toUtf8();
        *key = m_escapedKey;
    }
    return true;
}

bool JsonCursor::beginArray()
{
    return enterContainer('[', false);
}

bool JsonCursor::hasNextElement()
{
    return advanceInContainer(']');
}

QByteArrayView JsonCursor::readRawString(bool *escaped)
{
    *escaped = false;
    if (!expect('"'))
        return {};
    const char *start = m_pos;
    while (m_pos < m_end) {
        const void *quote = std::memchr(m_pos, '"', size_t(m_end - m_pos));
        if (!quote)
            break;
        const char *q = static_cast<const char *>(quote);
        // The quote ends the string unless an odd number of backslashes precede it.
        const char *b = q;
        while (b > start && b[-1] == '\\')
            --b;
        if (((q - b) & 1) == 0) {
            if (!*escaped && std::memchr(start, '\\', size_t(q - start)))
                *escaped = true;
            m_pos = q + 1;
            return QByteArrayView(start, q - start);
        }
        *escaped = true;
        m_pos = q + 1;
    }
    fail(QStringLiteral("a string is not closed"));
    return {};
}

QByteArrayView JsonCursor::skipRawValue()
{
    skipSpace();
    const char *start = m_pos;
    const Kind kind = peekKind();
    if (kind != Kind::Object && kind != Kind::Array) {
        skipValue();
        return QByteArrayView(start, m_pos - start);
    }
    int depth = 0;
    while (m_pos < m_end) {
        const char c = *m_pos;
        if (c == '"') {
            bool escaped = false;
            readRawString(&escaped);
            if (m_failed)
                return {};
            continue;
        }
        ++m_pos;
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return QByteArrayView(start, m_pos - start);
        }
    }
    fail(QStringLiteral("an object or array is not closed"));
    return {};
}

QString JsonCursor::decodeEscaped(QByteArrayView raw)
{
    QByteArray utf8;
    utf8.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c != '\\' || i + 1 >= raw.size()) {
            utf8.append(c);
            continue;
        }
        const char e = raw.at(++i);
        switch (e) {
        case 'n':
            utf8.append('\n');
            break;
        case 't':
            utf8.append('\t');
            break;
        case 'r':
            utf8.append('\r');
            break;
        case 'b':
            utf8.append('\b');
            break;
        case 'f':
            utf8.append('\f');
            break;
        case 'u': {
            if (i + 4 >= raw.size()) {
                fail(QStringLiteral("a \\u escape is cut short"));
                return {};
            }
            bool ok = false;
            char16_t unit = char16_t(QByteArray(raw.data() + i + 1, 4).toUShort(&ok, 16));
            if (!ok) {
                fail(QStringLiteral("a \\u escape is not hexadecimal"));
                return {};
            }
            i += 4;
            QString units{QChar(unit)};
            // A surrogate pair arrives as two escapes.
            if (QChar::isHighSurrogate(unit) && i + 6 < raw.size() && raw.at(i + 1) == '\\' &&
                raw.at(i + 2) == 'u') {
                const char16_t low = char16_t(QByteArray(raw.data() + i + 3, 4).toUShort(&ok, 16));
                if (ok && QChar::isLowSurrogate(low)) {
                    units += QChar(low);
                    i += 6;
                }
            }
            utf8.append(units.toUtf8());
            break;
        }
        default: // \" \\ \/
            utf8.append(e);
            break;
        }
    }
    return QString::fromUtf8(utf8);
}

QString JsonCursor::readString()
{
    skipSpace();
    bool escaped = false;
    const QByteArrayView raw = readRawString(&escaped);
    if (m_failed)
        return {};
    if (escaped)
        return decodeEscaped(raw);
    if (raw.size() > kInternMaxLength)
        return QString::fromUtf8(raw);
    auto it = m_interned.constFind(JsonBytesKey{raw});
    if (it != m_interned.constEnd())
        return it.value();
    const QString text = QString::fromUtf8(raw);
    m_interned.insert(JsonBytesKey{raw}, text);
    return text;
}

QByteArray JsonCursor::readStringBytes()
{
    skipSpace();
    bool escaped = false;
    const QByteArrayView raw = readRawString(&escaped);
    if (m_failed)
        return {};
    return escaped ? decodeEscaped(raw).toUtf8() : raw.toByteArray();
}

QString JsonCursor::internKey(QByteArrayView key)
{
    if (key.size() > kInternMaxLength)
        return QString::fromUtf8(key);
    auto it = m_interned.constFind(JsonBytesKey{key});
    if (it != m_interned.constEnd())
        return it.value();
    const QString text = QString::fromUtf8(key);
    // Escaped keys live in a temporary buffer: only intern views into the reply itself.
    if (key.data() >= m_textBegin && key.data() < m_textEnd)
        m_interned.insert(JsonBytesKey{key}, text);
    return text;
}

bool JsonCursor::readBool()
{
    skipSpace();
    if (m_end - m_pos >= 4 && std::memcmp(m_pos, "true", 4) == 0) {
        m_pos += 4;
        return true;
    }
    if (m_end - m_pos >= 5 && std::memcmp(m_pos, "false", 5) == 0) {
        m_pos += 5;
        return false;
    }
    fail(QStringLiteral("true or false expected"));
    return false;
}

double JsonCursor::readNumber()
{
    skipSpace();
    double value = 0;
    const auto [end, error] = std::from_chars(m_pos, m_end, value);
    if (error != std::errc() || end == m_pos) {
        fail(QStringLiteral("a number expected"));
        return 0;
    }
    m_pos = end;
    return value;
}

void JsonCursor::skipScalar(Kind kind)
{
    switch (kind) {
    case Kind::String: {
        bool escaped = false;
        readRawString(&escaped);
        break;
    }
    case Kind::Number:
        readNumber();
        break;
    case Kind::Bool:
        readBool();
        break;
    case Kind::Null:
        if (m_end - m_pos >= 4 && std::memcmp(m_pos, "null", 4) == 0)
            m_pos += 4;
        else
            fail(QStringLiteral("null expected"));
        break;
    case Kind::Object:
    case Kind::Array:
    case Kind::Invalid:
        fail(m_pos < m_end ? QStringLiteral("unexpected character '%1'").arg(QLatin1Char(*m_pos))
                           : QStringLiteral("the text ended early"));
        break;
    }
}

void JsonCursor::skipValue()
{
    const qsizetype outerDepth = m_first.size();
    while (!m_failed) {
        // At a value: enter a container or skip a scalar.
        const Kind kind = peekKind();
        if (kind == Kind::Object)
            beginObject();
        else if (kind == Kind::Array)
            beginArray();
        else
            skipScalar(kind);
        // Then on to the next value inside the containers entered here, closing the done ones.
        bool atValue = false;
        while (!m_failed && m_first.size() > outerDepth && !atValue) {
            QByteArrayView key;
            atValue = m_inObject.last() ? nextKey(&key) : hasNextElement();
        }
        if (!atValue)
            return;
    }
}

} // namespace pushscope
