#pragma once

#include "jsonwriter.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <QStringView>

namespace pushscope {

// Appends `text` in UTF-8, as QString::toUtf8() encodes it (a lone surrogate becomes U+FFFD).
void appendUtf8(QByteArray *out, QStringView text);

// Aligned columns under a header, built straight into UTF-8: every cell but a row's last is
// padded with spaces to its column's width + 2, widths counted in UTF-16 units as
// QString::leftJustified() counts them, each line ends with \n. Cells are kept as UTF-8
// until write(), which needs every width.
class TextTable
{
public:
    explicit TextTable(const QStringList &header);

    void addCell(QStringView text);
    void addCell(QByteArrayView ascii); // plain ASCII text, e.g. a number
    void endRow();
    qsizetype rowCount() const { return m_rowEnds.size() - 1; }

    // The header, then every row, draining `sink` as it goes (not finishing it).
    void write(ByteSink *sink) const;

private:
    void noteWidth(qsizetype units);

    struct Cell {
        qsizetype end;   // in m_text
        qsizetype units; // UTF-16 units
    };
    QByteArray m_text;
    QList<Cell> m_cells;
    QList<qsizetype> m_rowEnds; // index in m_cells after each row; the header is row 0
    QList<qsizetype> m_widths;
};

} // namespace pushscope
