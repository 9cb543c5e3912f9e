#pragma once

#include <QByteArray>
#include <QList>

namespace pushscope {

// A reply body as the network stack handed it over: the parts it read, kept without
// copying, and joined into one buffer only by whoever reads it (for a large reply, on a
// pool thread rather than the GUI thread).
class ReplyBody
{
public:
    void append(const QByteArray &part);
    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    int partCount() const { return int(m_parts.size()); }
    // One part is returned as it is (shared, not copied); several are copied into one.
    QByteArray joined() const;

private:
    QList<QByteArray> m_parts;
    qint64 m_size = 0;
};

} // namespace pushscope
