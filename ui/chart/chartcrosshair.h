#pragma once

#include <QObject>
#include <QPoint>
#include <functional>

QT_BEGIN_NAMESPACE
class QChartView;
class QGraphicsLineItem;
class QLabel;
QT_END_NAMESPACE

namespace pushscope::ui {

// A vertical line following the pointer over the plot, and next to it a label with what
// `textAt` says about that time (rich text; empty hides both). The label stays inside the plot,
// so it never covers the chart's title. Mouse events pass on (the rubber band still zooms).
class ChartCrosshair : public QObject
{
    Q_OBJECT

public:
    using TextAt = std::function<QString(double msecsSinceEpoch)>;

    ChartCrosshair(QChartView *view, TextAt textAt);
    ~ChartCrosshair() override;

    void hide();
    bool isShown() const;
    QLabel *label() const { return m_label; }
    // Places the crosshair as if the pointer were at `viewportPos`.
    void showAt(const QPoint &viewportPos);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QChartView *m_view;
    TextAt m_textAt;
    QGraphicsLineItem *m_line = nullptr;
    QLabel *m_label = nullptr;
};

} // namespace pushscope::ui
