// The chart widget's legend table: its height, the statistics of the visible span, and hiding
// or isolating series by clicking rows.

#include "chartcrosshair.h"
#include "chartlegendmodel.h"
#include "chartwidget.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLayout>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPushButton>
#include <QTableView>
#include <algorithm>
#include <cmath>

namespace pushscope::ui {

namespace {

constexpr int kLegendRowsShown = 5; // more scroll
constexpr int kLegendShare = 30;    // at most this percentage of the widget's height

} // namespace

void ChartWidget::updateLegendHeight()
{
    const int header =
        m_legendView->horizontalHeader()->sizeHint().height() + 2 * m_legendView->frameWidth();
    const int row = m_legendView->verticalHeader()->defaultSectionSize();
    // On a short chart (the main window's details column) the plot keeps most of the height,
    // and never less than its minimum: the legend scrolls rather than lie under the plot.
    const int share = height() * kLegendShare / 100;
    const int besidePlot = height() - m_view->minimumHeight() -
                           m_exportButton->sizeHint().height() - 2 * layout()->spacing() - 4;
    const int fitting = std::max(1, (std::min(share, besidePlot) - header) / row);
    const int rows = std::min({kLegendRowsShown, fitting, m_legendModel->rowCount()});
    m_legendView->setFixedHeight(header + rows * row);
}

void ChartWidget::applyVisibility()
{
    const QList<QAbstractSeries *> lines = m_chart->series();
    for (int i = 0; i < lines.size(); ++i)
        lines.at(i)->setVisible(m_legendModel->isVisible(i));
    m_crosshair->hide();
    rebuild(); // the value axis fits the lines still shown
}

bool ChartWidget::isSeriesVisible(int index) const
{
    return m_legendModel->isVisible(index);
}

bool ChartWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_legendView->viewport() && event->type() == QEvent::MouseButtonPress) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QModelIndex index = m_legendView->indexAt(mouse->position().toPoint());
        if (mouse->button() == Qt::LeftButton && index.isValid()) {
            if (mouse->modifiers() & Qt::ControlModifier)
                m_legendModel->isolate(index.row());
            else
                m_legendModel->toggle(index.row());
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ChartWidget::updateLegendStats(double from, double to)
{
    QList<ChartLegendModel::Stats> stats;
    for (const TimeSeries &series : std::as_const(m_series)) {
        ChartLegendModel::Stats one;
        double sum = 0;
        int count = 0;
        for (const auto &[time, value] : series.points) {
            if (time < from || time > to || !std::isfinite(value))
                continue;
            one.last = value;
            one.min = count == 0 ? value : std::min(one.min, value);
            one.max = count == 0 ? value : std::max(one.max, value);
            sum += value;
            ++count;
        }
        if (count > 0)
            one.mean = sum / count;
        stats.append(one);
    }
    m_legendModel->setStats(stats);
}

} // namespace pushscope::ui
