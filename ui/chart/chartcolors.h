#pragma once

#include <QBrush>
#include <QColor>

QT_BEGIN_NAMESPACE
class QChart;
class QPalette;
QT_END_NAMESPACE

namespace pushscope::ui {

// The chart's own colours — background, title, axis labels, axis lines and grid — follow a
// dark palette (View ▸ Theme ▸ Dark, or a dark desktop); in a light one Qt Charts' light
// theme stays as it is. The lines keep their colours: they were chosen to read on both.
class ChartColors
{
public:
    // Remembers the chart's light colours, to give them back when the palette turns light.
    explicit ChartColors(QChart *chart);

    void apply(const QPalette &palette);
    static bool isDark(const QPalette &palette);

private:
    QChart *m_chart;
    QBrush m_background;
    QBrush m_title;
    QBrush m_labels;
    QColor m_grid;
    QColor m_line;
};

} // namespace pushscope::ui
