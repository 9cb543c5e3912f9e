#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace pushscope {

// CRC-32 as zlib, PNG and Ethernet compute it (reflected polynomial 0xEDB88320), over data
// given in any number of pieces; eight bytes a step (slicing-by-8), about four times the
// speed of a byte at a time, which a bulk delete's journal noticed.
class Crc32
{
public:
    void update(QByteArrayView data);
    quint32 value() const { return m_crc ^ 0xFFFFFFFFu; }

    static quint32 of(QByteArrayView data)
    {
        Crc32 crc;
        crc.update(data);
        return crc.value();
    }

private:
    quint32 m_crc = 0xFFFFFFFFu;
};

} // namespace pushscope
