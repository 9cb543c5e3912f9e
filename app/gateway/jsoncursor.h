#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <QVarLengthArray>

namespace pushscope {

// Bytes of a reply used as a hash key. The parser hashes every short string and key it
// reads (interning, shared label lists); Qt's general byte hash (qHashBits) was half of a
// first load's parse time, so these short keys get a cheap multiply-mix hash instead.
struct JsonBytesKey {
    QByteArrayView bytes;
    friend bool operator==(JsonBytesKey a, JsonBytesKey b) noexcept { return a.bytes == b.bytes; }
};
size_t qHash(JsonBytesKey key, size_t seed = 0) noexcept;

// A forward-only reader over JSON text, for parsing large, known-shape replies without
// building a document first. It never throws; after a syntax error `failed()` is true
// and every further read returns an empty value.
class JsonCursor
{
public:
    explicit JsonCursor(QByteArrayView json);
    // A cursor over a part of `parent`'s text (e.g. a span from skipRawValue()) that shares
    // its interned strings.
    JsonCursor(QByteArrayView part, JsonCursor &parent);

    bool failed() const { return m_failed; }
    QString errorText() const { return m_error; }
    qsizetype offset() const { return m_pos - m_begin; }
    // Where the first error was found, counted from the start of the whole text (the
    // parent's, for a cursor over a part).
    qsizetype errorOffset() const { return m_errorOffset; }
    // Deeper nesting fails: no reply of the API comes near it.
    static constexpr qsizetype kMaxDepth = 64;
    bool atEnd();

    enum class Kind { Object, Array, String, Number, Bool, Null, Invalid };
    Kind peekKind();

    // Objects: beginObject(), then nextKey() until it returns false at '}'.
    bool beginObject();
    bool nextKey(QByteArrayView *key);
    // Arrays: beginArray(), then hasNextElement() before each value.
    bool beginArray();
    bool hasNextElement();

    // Strings are interned: equal short strings share one QString.
    QString readString();
    // The raw bytes of a string value (escapes undone only if there were any).
    QByteArray readStringBytes();
    // A key from nextKey() as an interned QString.
    QString internKey(QByteArrayView key);
    bool readBool();
    double readNumber(); // a JSON number
    void skipValue();    // iterative: nesting cannot exhaust the stack
    // Skips the next value without interpreting it and returns its raw text; much faster
    // than skipValue() for large objects (it only tracks brackets and strings).
    QByteArrayView skipRawValue();
    void fail(const QString &why);

private:
    void skipSpace();
    bool expect(char c);
    bool advanceInContainer(char close);
    bool enterContainer(char open, bool isObject);
    void skipScalar(Kind kind);
    QByteArrayView readRawString(bool *escaped);
    QString decodeEscaped(QByteArrayView raw);

    const char *m_begin;
    const char *m_pos;
    const char *m_end;
    bool m_failed = false;
    QString m_error;
    qsizetype m_errorOffset = -1;
    QHash<JsonBytesKey, QString> m_ownInterned;
    QHash<JsonBytesKey, QString> &m_interned;
    const char *m_textBegin; // the whole text interned views may point into
    const char *m_textEnd;
    QByteArray m_escapedKey;
    // Container nesting, so hasNextElement()/nextKey() know whether a comma is due.
    QVarLengthArray<bool, 16> m_first;
    QVarLengthArray<bool, 16> m_inObject; // parallel to m_first: object (true) or array
};

} // namespace pushscope
