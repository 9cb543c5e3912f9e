#include "chartcolors.h"

#include <QAbstractAxis>
#include <QChart>
#include <QPalette>

namespace pushscope::ui {

ChartColors::ChartColors(QChart *chart)
    : m_chart(chart)
    , m_background(chart->backgroundBrush())
    , m_title(chart->titleBrush())
{
    const QList<QAbstractAxis *> axes = chart->axes();
    if (!axes.isEmpty()) {
        m_labels = axes.constFirst()->labelsBrush();
        m_grid = axes.constFirst()->gridLineColor();
        m_line = axes.constFirst()->linePenColor();
    }
}

bool ChartColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void ChartColors::apply(const QPalette &palette)
{
    const bool dark = isDark(palette);
    m_chart->setBackgroundBrush(dark ? palette.brush(QPalette::Base) : m_background);
    m_chart->setTitleBrush(dark ? palette.brush(QPalette::Text) : m_title);
    for (QAbstractAxis *axis : m_chart->axes()) {
        axis->setLabelsBrush(dark ? palette.brush(QPalette::Text) : m_labels);
        axis->setGridLineColor(dark ? palette.color(QPalette::Mid) : m_grid);
        axis->setLinePenColor(dark ? palette.color(QPalette::Mid) : m_line);
    }
}

} // namespace pushscope::ui
