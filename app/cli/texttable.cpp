#include "texttable.h"

#include <algorithm>

namespace pushscope {

void appendUtf8(QByteArray *out, QStringView text)
{
    const qsizetype start = out->size();
    out->resize(start + text.size());
    char *cursor = out->data() + start;
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            out->resize(start);
            out->append(text.toUtf8());
            return;
        }
        *cursor++ = char(c.unicode());
    }
}

TextTable::TextTable(const QStringList &header)
{
    m_rowEnds.append(0);
    for (const QString &title : header) {
        m_widths.append(title.size());
        addCell(title);
    }
    m_rowEnds.append(m_cells.size());
}

void TextTable::addCell(QStringView text)
{
    appendUtf8(&m_text, text);
    m_cells.append({m_text.size(), text.size()});
    noteWidth(text.size());
}

void TextTable::addCell(QByteArrayView ascii)
{
    m_text.append(ascii);
    m_cells.append({m_text.size(), ascii.size()});
    noteWidth(ascii.size());
}

void TextTable::noteWidth(qsizetype units)
{
    const qsizetype column = m_cells.size() - 1 - m_rowEnds.last();
    if (column < m_widths.size() && m_rowEnds.size() > 1)
        m_widths[column] = std::max(m_widths[column], units);
}

void TextTable::endRow()
{
    m_rowEnds.append(m_cells.size());
}

void TextTable::write(ByteSink *sink) const
{
    QByteArray &out = sink->buffer();
    qsizetype cellStart = 0;
    for (qsizetype row = 0; row + 1 < m_rowEnds.size(); ++row) {
        const qsizetype first = m_rowEnds.at(row);
        const qsizetype last = m_rowEnds.at(row + 1);
        for (qsizetype i = first; i < last; ++i) {
            const Cell &cell = m_cells.at(i);
            out.append(m_text.constData() + cellStart, cell.end - cellStart);
            cellStart = cell.end;
            const qsizetype column = i - first;
            if (i + 1 < last && column < m_widths.size()) {
                const qsizetype pad = m_widths.at(column) + 2 - cell.units;
                if (pad > 0)
                    out.append(pad, ' ');
            }
        }
        out.append('\n');
        sink->drain();
    }
}

} // namespace pushscope
