#include "crc32.h"

#include <QtEndian>
#include <array>

namespace pushscope {

namespace {

using Table = std::array<quint32, 256>;

// tables[0] is the byte-at-a-time table; tables[k][i] is the CRC of byte i followed by k
// zero bytes, so that eight table reads advance the CRC by eight bytes.
const std::array<Table, 8> &tables()
{
    static const std::array<Table, 8> values = [] {
        std::array<Table, 8> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (quint32 i = 0; i < 256; ++i) {
            for (size_t k = 1; k < 8; ++k)
                t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
        }
        return t;
    }();
    return values;
}

} // namespace

void Crc32::update(QByteArrayView data)
{
    const std::array<Table, 8> &t = tables();
    const uchar *p = reinterpret_cast<const uchar *>(data.data());
    qsizetype size = data.size();
    quint32 crc = m_crc;
    for (; size >= 8; p += 8, size -= 8) {
        const quint32 low = qFromLittleEndian<quint32>(p) ^ crc;
        const quint32 high = qFromLittleEndian<quint32>(p + 4);
        crc = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^
              t[4][low >> 24] ^ t[3][high & 0xFF] ^ t[2][(high >> 8) & 0xFF] ^
              t[1][(high >> 16) & 0xFF] ^ t[0][high >> 24];
    }
    for (; size > 0; ++p, --size)
        crc = t[0][(crc ^ *p) & 0xFF] ^ (crc >> 8);
    m_crc = crc;
}

} // namespace pushscope
