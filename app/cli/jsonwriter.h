#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QVarLengthArray>
#include <functional>

namespace pushscope {

// Output on its way to a file or stdout: text is appended to buffer() and handed to `write`
// whenever more than `chunkBytes` have piled up (drain()) and at the end (finish()). Without
// `write` everything stays in buffer(), e.g. for a test.
class ByteSink
{
public:
    using Write = std::function<void(const QByteArray &bytes)>;
    explicit ByteSink(Write write = {}, qsizetype chunkBytes = 1 << 20);

    QByteArray &buffer() { return m_buffer; }
    // Hands the buffer to `write` when it is over the chunk size.
    void drain()
    {
        if (m_write && m_buffer.size() >= m_chunkBytes)
            flush();
    }
    // Hands whatever is left to `write`.
    void finish()
    {
        if (m_write && !m_buffer.isEmpty())
            flush();
    }

private:
    void flush();

    Write m_write;
    qsizetype m_chunkBytes;
    QByteArray m_buffer;
};

// Writes JSON (RFC 8259, UTF-8) straight into a sink's buffer, laid out as
// QJsonDocument::Indented lays it out (4 spaces, `"key": value`, empty containers opened and
// closed on two lines), without building a document first. The caller writes keys in the
// order it wants them; QJsonObject would sort them by name. It writes through its own cursor
// into spare room at the end of the buffer: the buffer holds exactly the text written only
// after commit() (and drain(), and the destructor).
class JsonWriter
{
public:
    explicit JsonWriter(ByteSink *sink)
        : m_sink(sink)
    {}
    ~JsonWriter() { commit(); }
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    // Trims the buffer to the text written so far.
    void commit();
    // commit(), then lets the sink hand a full chunk on.
    void drain();

    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    // The next member of the current object; its value follows.
    void key(QStringView name);
    void key(QLatin1StringView name); // plain ASCII that needs no escaping

    void string(QStringView text);
    // As QJsonValue(double) writes it: an integer when it is one and fits 64 bits, the
    // shortest text that reads back to the same double otherwise, null for NaN and infinity.
    void number(double value);
    void integer(qint64 value);
    void boolean(bool value);
    // A metric value as a JSON string, as the gateway's API writes them, in the
    // same text as formatMetricNumber(): "NaN", "+Inf", "-Inf", "0.25", "1e+06".
    void metricNumber(double value);
    // Text that already is one JSON value (a number, a quoted and escaped string).
    void raw(QByteArrayView json);

private:
    void open(char bracket);
    void close(char bracket);
    void beforeValue();
    void beforeMember();
    void indent();
    // Room for `bytes` more at the cursor.
    char *room(qsizetype bytes)
    {
        if (m_end - m_cursor < bytes)
            grow(bytes);
        return m_cursor;
    }
    void put(char c) { *room(1) = c, ++m_cursor; }
    void put(const char *text, qsizetype length);
    void grow(qsizetype bytes);

    struct Level {
        bool isArray = false;
        bool empty = true;
    };
    ByteSink *m_sink;
    char *m_begin = nullptr; // the buffer's data while writing, null after commit()
    char *m_cursor = nullptr;
    char *m_end = nullptr;
    QVarLengthArray<Level, 16> m_levels;
};

// Appends `text` as the inside of a JSON string in UTF-8: `"` `\` and control characters
// escaped (\b \f \n \r \t, others as \u00XX), a lone surrogate (not UTF-16 at all) as \uXXXX
// so that it reads back the same; everything else as its UTF-8 bytes.
void appendJsonEscaped(QByteArray *out, QStringView text);

} // namespace pushscope
