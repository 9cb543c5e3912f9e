#pragma once

#include "model/seriesformat.h"
#include "prometheus/timeseries.h"

#include <QList>
#include <QPair>
#include <QSize>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <memory>

// Qt Charts stays out of this header: it is deprecated upstream from Qt 6.10, and this
// widget is the one place that would change if it is swapped for another plotting library.
QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QPushButton;
class QStackedLayout;
class QTableView;
QT_END_NAMESPACE

namespace pushscope::ui {

class ElidedLabel;

class ChartColors;

class ChartCrosshair;
class ChartLegendModel;
struct ChartAnnotations;

// A line chart of TimeSeries over time: one line per series, a legend table under it (last,
// min, max and mean of the visible span; a click hides a series, Ctrl+click isolates it), a
// crosshair listing every series' value at the pointer, zoom by dragging across a time span,
// "Reset zoom", "Export PNG…" at a chosen size, and a text in place of the chart when there
// is nothing to show. Values are labelled in their unit (SI prefixes, /s, dates), times at
// round times of the clock in the app's zone. Each line is decimated to the plot's width
// (keeping every spike) before it is drawn, and again for the visible span after a zoom.
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
    // The unit of the next setSeries()' values; Auto reads it from the metric's name.
    void setValueUnit(ValueUnit unit) { m_unitSetting = unit; }
    ValueUnit valueUnit() const { return m_unit; }
    // What an exported picture names in its header: the gateway(s) and the query.
    void setExportContext(const QString &gateway, const QString &query);
    // The line above the chart with the source note (its tooltip may say more).
    ElidedLabel *noteLabel() const { return m_noteLabel; }
    QTableView *legendView() const { return m_legendView; }
    ChartLegendModel *legendModel() const { return m_legendModel; }
    // The label next to the crosshair (hidden while the pointer is off the plot).
    QLabel *crosshairLabel() const;

    bool isEmpty() const { return m_shownSeries == 0; }
    // What is drawn: one line per non-empty series, with its decimated point count.
    int drawnSeriesCount() const { return m_shownSeries; }
    QList<int> drawnPointCounts() const;
    QStringList legendTexts() const;
    bool isSeriesVisible(int index) const;
    // The value axis' labels as drawn (bottom to top), its range, and the plot's height.
    QStringList valueAxisLabels() const;
    QPair<double, double> valueAxisRange() const;
    int valueTickCount() const;
    double plotHeight() const;
    // The view keeps room for a plot `height` pixels high under the title, above the time axis.
    void setMinimumPlotHeight(int height);
    // The time axis' ticks (Unix seconds) and their labels.
    QList<double> timeAxisTicks() const;
    QStringList timeAxisLabels() const;
    // The bytes held by the drawn (decimated) points; the source series are shared.
    qint64 drawnBytes() const;

    bool isZoomed() const { return m_zoomed; }
    // The time span on the axis, in Unix seconds.
    QPair<double, double> visibleRange() const;
    void zoomToRange(double from, double to);
    void resetZoom();
    // Labels the axes again, e.g. after View ▸ Show times in UTC.
    void refreshTimes();

    // Writes the chart as it is shown (without the buttons) to a PNG file.
    bool exportPng(const QString &path);
    // Draws the chart off-screen at `size`, under a header with the annotations.
    bool exportPng(const QString &path, QSize size, const ChartAnnotations &annotations);
    ChartAnnotations annotations() const;

signals:
    void zoomChanged(bool zoomed);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void exportWithDialog();
    void rebuild();
    void applyAxes(double from, double to, double low, double high);
    void updateLegendStats(double from, double to);
    void updateLegendHeight();
    void applyVisibility();
    QString crosshairText(double msecs) const;
    void onAxisRangeChanged();
    int plotColumns() const;
    int valueIntervals() const;
    void updateEmptyState();

    QList<TimeSeries> m_series;
    QChart *m_chart = nullptr;
    std::unique_ptr<ChartColors> m_colors;
    QChartView *m_view = nullptr;
    QCategoryAxis *m_timeAxis = nullptr;
    QCategoryAxis *m_valueAxis = nullptr;
    ChartLegendModel *m_legendModel = nullptr;
    QTableView *m_legendView = nullptr;
    ChartCrosshair *m_crosshair = nullptr;
    ElidedLabel *m_noteLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QPushButton *m_resetZoomButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QStackedLayout *m_stack = nullptr;
    QTimer m_rebuildTimer;
    QString m_exportGateway;
    QString m_exportQuery;
    QPair<double, double> m_window{0, 0}; // setTimeWindow()
    ValueUnit m_unitSetting = ValueUnit::Auto;
    ValueUnit m_unit = ValueUnit::Plain;
    double m_fullFrom = 0; // Unix seconds
    double m_fullTo = 0;
    double m_viewFrom = 0;
    double m_viewTo = 0;
    qint64 m_drawnFrom = 0; // the time axis range of the last rebuild(), epoch ms
    qint64 m_drawnTo = 0;
    int m_columns = 0;
    int m_valueIntervals = 0; // of the last rebuild()
    int m_shownSeries = 0;
    bool m_zoomed = false;
    bool m_settingRange = false;
    bool m_rangeChanged = false; // by the user, since the last rebuild()
};

} // namespace pushscope::ui
