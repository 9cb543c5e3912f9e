#pragma once

#include "prometheus/timeseries.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QTimer>
#include <QWidget>

// Qt Charts stays out of this header: it is deprecated upstream from Qt 6.10, and this
// widget is the one place that would change if it is swapped for another plotting library.
QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QPushButton;
class QStackedLayout;
class QValueAxis;
QT_END_NAMESPACE

namespace pushscope::ui {

// A line chart of TimeSeries over time: one line per series, a legend naming each one by
// its labels, the values at the pointer, zoom by dragging across a time span, "Reset
// zoom", "Export PNG…", and a text in place of the chart when there is nothing to show.
// Each line is decimated to the plot's width (keeping every spike) before it is drawn,
// and again for the visible span after a zoom.
class ChartWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ChartWidget(QWidget *parent = nullptr);
    ~ChartWidget() override;

    // `sourceNote` says where the values come from, e.g. "from Prometheus".
    void setSeries(const QList<TimeSeries> &series, const QString &title = {},
                   const QString &sourceNote = {});
    void clear();
    void setEmptyText(const QString &text);
    // The time axis of the next setSeries() spans [from, to] (Unix seconds) rather than
    // the data's span; from == to fits the data.
    void setTimeWindow(double from, double to) { m_window = {from, to}; }
    // The line above the chart with the source note (its tooltip may say more).
    QLabel *noteLabel() const { return m_noteLabel; }

    bool isEmpty() const { return m_shownSeries == 0; }
    // What is drawn: one line per non-empty series, with its decimated point count.
    int drawnSeriesCount() const { return m_shownSeries; }
    QList<int> drawnPointCounts() const;
    QStringList legendTexts() const;
    // The value axis' labels as drawn, and the plot's height they share.
    int valueTickCount() const;
    double plotHeight() const;
    // The bytes held by the drawn (decimated) points; the source series are shared.
    qint64 drawnBytes() const;

    bool isZoomed() const { return m_zoomed; }
    // The time span on the axis, in Unix seconds.
    QPair<double, double> visibleRange() const;
    void zoomToRange(double from, double to);
    void resetZoom();

    // Writes the chart as it is shown (without the buttons) to a PNG file.
    bool exportPng(const QString &path);

signals:
    void zoomChanged(bool zoomed);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void exportWithDialog();
    void rebuild();
    void onAxisRangeChanged();
    void onHovered(QLineSeries *series, const QPointF &point, bool state);
    int plotColumns() const;
    void updateEmptyState();

    QList<TimeSeries> m_series;
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    QLabel *m_noteLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_hoverLabel = nullptr;
    QPushButton *m_resetZoomButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QStackedLayout *m_stack = nullptr;
    QTimer m_rebuildTimer;
    QPair<double, double> m_window{0, 0}; // setTimeWindow()
    double m_fullFrom = 0;                // Unix seconds
    double m_fullTo = 0;
    double m_viewFrom = 0;
    double m_viewTo = 0;
    qint64 m_drawnFrom = 0; // the time axis range of the last rebuild(), epoch ms
    qint64 m_drawnTo = 0;
    int m_columns = 0;
    int m_shownSeries = 0;
    bool m_zoomed = false;
    bool m_settingRange = false;
    bool m_rangeChanged = false; // by the user, since the last rebuild()
};

} // namespace pushscope::ui
