#include "chartcrosshair.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLineItem>
#include <QLabel>
#include <QMouseEvent>
#include <QPen>
#include <algorithm>

namespace pushscope::ui {

ChartCrosshair::ChartCrosshair(QChartView *view, TextAt textAt)
    : QObject(view)
    , m_view(view)
    , m_textAt(std::move(textAt))
{
    m_line = new QGraphicsLineItem(view->chart());
    QPen pen(view->palette().color(QPalette::Dark));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1);
    m_line->setPen(pen);
    m_line->setZValue(1000);
    m_line->hide();

    m_label = new QLabel(view->viewport());
    m_label->setObjectName(QStringLiteral("chartCrosshairLabel"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_label->setStyleSheet(
        QStringLiteral("QLabel { background: palette(tooltip-base); color: palette(tooltip-text);"
                       " border: 1px solid palette(mid); padding: 3px; }"));
    m_label->hide();
    view->viewport()->installEventFilter(this);
}

ChartCrosshair::~ChartCrosshair() = default;

void ChartCrosshair::hide()
{
    m_line->hide();
    m_label->hide();
}

bool ChartCrosshair::isShown() const
{
    return m_label->isVisible();
}

bool ChartCrosshair::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove)
            showAt(static_cast<QMouseEvent *>(event)->position().toPoint());
        else if (event->type() == QEvent::Leave)
            hide();
    }
    return QObject::eventFilter(watched, event);
}

void ChartCrosshair::showAt(const QPoint &viewportPos)
{
    QChart *chart = m_view->chart();
    const QPointF inChart = chart->mapFromScene(m_view->mapToScene(viewportPos));
    const QRectF plot = chart->plotArea();
    if (chart->series().isEmpty() || !plot.contains(inChart)) {
        hide();
        return;
    }
    const QString text = m_textAt(chart->mapToValue(inChart).x());
    if (text.isEmpty()) {
        hide();
        return;
    }
    m_line->setLine(inChart.x(), plot.top(), inChart.x(), plot.bottom());
    m_line->show();
    m_label->setText(text);
    m_label->adjustSize();
    const QPoint plotTopLeft = m_view->mapFromScene(chart->mapToScene(plot.topLeft()));
    const QPoint plotBottom = m_view->mapFromScene(chart->mapToScene(plot.bottomLeft()));
    const int width = m_view->viewport()->width();
    // Right of the line, or left of it when there is no room; from the plot's top down.
    int x = viewportPos.x() + 14;
    if (x + m_label->width() > width)
        x = viewportPos.x() - 14 - m_label->width();
    x = std::clamp(x, 0, std::max(0, width - m_label->width()));
    int y = plotTopLeft.y() + 4;
    y = std::min(y, std::max(plotTopLeft.y(), plotBottom.y() - m_label->height()));
    m_label->move(x, y);
    m_label->show();
    m_label->raise();
}

} // namespace pushscope::ui
