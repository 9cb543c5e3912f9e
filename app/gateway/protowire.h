#pragma once

// The protobuf wire format, read: shared by the /metrics reader and the histogram decoder.

#include <QByteArrayView>
#include <QString>
#include <cstring>

namespace pushscope::detail {

enum WireType : quint64 { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

// A bounds-checked reader over one message's bytes. After the first error every read
// fails and `failed` stays set.
class WireReader
{
public:
    explicit WireReader(QByteArrayView bytes)
        : m_bytes(bytes)
    {}

    bool atEnd() const { return m_pos >= m_bytes.size(); }
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype position() const { return m_pos; }
    QByteArrayView bytes() const { return m_bytes; }

    bool readVarint(quint64 *value)
    {
        quint64 result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_bytes.size())
                return fail(QStringLiteral("A number is cut off."));
            const quint8 byte = quint8(m_bytes.at(m_pos++));
            if (shift == 63 && byte > 1)
                return fail(QStringLiteral("A number is longer than 64 bits."));
            result |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                *value = result;
                return true;
            }
        }
        return fail(QStringLiteral("A number is longer than 64 bits."));
    }

    // A fixed64 field's value as the double it holds (little endian on the wire).
    bool readDouble(double *value)
    {
        if (m_bytes.size() - m_pos < 8)
            return fail(QStringLiteral("A fixed-size number is cut off."));
        quint64 bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= quint64(quint8(m_bytes.at(m_pos + i))) << (8 * i);
        m_pos += 8;
        std::memcpy(value, &bits, sizeof bits);
        return true;
    }

    // A length prefix and the bytes it announces.
    bool readLengthDelimited(QByteArrayView *value)
    {
        quint64 length = 0;
        if (!readVarint(&length))
            return false;
        if (length > quint64(m_bytes.size() - m_pos))
            return fail(
                QStringLiteral("A length of %1 bytes runs past the end of the data.").arg(length));
        *value = m_bytes.sliced(m_pos, qsizetype(length));
        m_pos += qsizetype(length);
        return true;
    }

    // The next field's number and wire type; false at the end or on an error.
    bool readTag(quint64 *field, quint64 *wire)
    {
        quint64 tag = 0;
        if (atEnd() || !readVarint(&tag))
            return false;
        *field = tag >> 3;
        *wire = tag & 7;
        if (*field == 0 || *field > 0x1fffffff)
            return fail(QStringLiteral("A field number is out of range."));
        return true;
    }

    // Skips the value of a field of this wire type.
    bool skip(quint64 wire)
    {
        quint64 ignored = 0;
        QByteArrayView view;
        switch (wire) {
        case Varint:
            return readVarint(&ignored);
        case Fixed64:
            return advance(8);
        case LengthDelimited:
            return readLengthDelimited(&view);
        case Fixed32:
            return advance(4);
        default:
            return fail(QStringLiteral("A field has the unknown wire type %1.").arg(wire));
        }
    }

    bool fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
        m_pos = m_bytes.size();
        return false;
    }

private:
    bool advance(qsizetype count)
    {
        if (m_bytes.size() - m_pos < count)
            return fail(QStringLiteral("A fixed-size number is cut off."));
        m_pos += count;
        return true;
    }

    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
    QString m_error;
};

// A zigzag-encoded sint32/sint64 back to its signed value.
inline qint64 unZigZag(quint64 value)
{
    return qint64(value >> 1) ^ -qint64(value & 1);
}

} // namespace pushscope::detail
