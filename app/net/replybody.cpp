#include "replybody.h"

#include <cstring>

namespace pushscope {

void ReplyBody::append(const QByteArray &part)
{
    if (part.isEmpty())
        return;
    m_parts.append(part);
    m_size += part.size();
}

QByteArray ReplyBody::joined() const
{
    if (m_parts.size() == 1)
        return m_parts.constFirst();
    QByteArray whole(m_size, Qt::Uninitialized);
    char *to = whole.data();
    for (const QByteArray &part : m_parts) {
        std::memcpy(to, part.constData(), size_t(part.size()));
        to += part.size();
    }
    return whole;
}

} // namespace pushscope
