#include "chartwidget.h"

#include "chartcolors.h"

#include "chartcrosshair.h"
#include "chartlegendmodel.h"
#include "model/decimate.h"
#include "window/elidedlabel.h"

#include <QAction>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPushButton>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace pushscope::ui {

namespace {

// Distinct, colour-blind friendly enough (Tableau 10), cycled for more series.
const QColor kPalette[] = {
    QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0xe1, 0x57, 0x59),
    QColor(0x76, 0xb7, 0xb2), QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48),
    QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f),
    QColor(0xba, 0xb0, 0xac),
};
constexpr int kPaletteSize = int(sizeof(kPalette) / sizeof(kPalette[0]));

QCategoryAxis *createAxis()
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    return axis;
}

} // namespace

ChartWidget::ChartWidget(QWidget *parent)
    : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->setMargins(QMargins(4, 4, 14, 4)); // room for a time label on the right edge
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->hide(); // the table under the chart is the legend
    m_timeAxis = createAxis();
    m_valueAxis = createAxis();
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_colors = std::make_unique<ChartColors>(m_chart);
    m_colors->apply(palette());

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setToolTip(tr("Drag across a time span to zoom in"));
    m_crosshair = new ChartCrosshair(m_view, [this](double msecs) { return crosshairText(msecs); });

    m_legendModel = new ChartLegendModel(this);
    m_legendView = new QTableView(this);
    m_legendView->setObjectName(QStringLiteral("chartLegend"));
    m_legendView->setModel(m_legendModel);
    m_legendView->verticalHeader()->hide();
    m_legendView->setSelectionMode(QAbstractItemView::NoSelection);
    m_legendView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_legendView->setFocusPolicy(Qt::NoFocus);
    m_legendView->setTextElideMode(Qt::ElideMiddle);
    m_legendView->setShowGrid(false);
    m_legendView->setWordWrap(false);
    m_legendView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_legendView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_legendView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_legendView->horizontalHeader()->setSectionResizeMode(ChartLegendModel::SeriesColumn,
                                                           QHeaderView::Stretch);
    m_legendView->setToolTip(tr("Click a series to hide or show it; Ctrl+click to show only it"));
    m_legendView->viewport()->installEventFilter(this);
    connect(m_legendModel, &ChartLegendModel::visibilityChanged, this,
            &ChartWidget::applyVisibility);

    m_emptyLabel = new QLabel(tr("Nothing to chart"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setEnabled(false);

    m_noteLabel = new ElidedLabel(Qt::ElideRight);
    QPalette notePalette = m_noteLabel->palette();
    notePalette.setColor(QPalette::WindowText, notePalette.color(QPalette::PlaceholderText));
    m_noteLabel->setPalette(notePalette);
    m_resetZoomButton = new QPushButton(tr("Reset zoom"));
    m_resetZoomButton->setEnabled(false);
    m_exportButton = new QPushButton(tr("Export PNG…"));
    m_exportButton->setEnabled(false);
    connect(m_resetZoomButton, &QPushButton::clicked, this, &ChartWidget::resetZoom);
    connect(m_exportButton, &QPushButton::clicked, this, &ChartWidget::exportWithDialog);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(m_noteLabel, 1);
    bar->addWidget(m_resetZoomButton);
    bar->addWidget(m_exportButton);
    m_stack = new QStackedLayout;
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_view);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addLayout(m_stack, 1);
    layout->addWidget(m_legendView);

    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(0);
    connect(&m_rebuildTimer, &QTimer::timeout, this, [this] {
        // The layout may pass through other plot sizes on its way: only the one it settles
        // on counts.
        const int columns = plotColumns();
        if (m_rangeChanged || std::abs(columns - m_columns) > std::max(4, m_columns / 20) ||
            valueIntervals() != m_valueIntervals)
            rebuild();
    });
    connect(m_timeAxis, &QValueAxis::rangeChanged, this, &ChartWidget::onAxisRangeChanged);
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        const int columns = int(area.width());
        // A new width needs another decimation; a new height maybe more or fewer value labels.
        if (m_shownSeries > 0 && (std::abs(columns - m_columns) > std::max(4, m_columns / 20) ||
                                  valueIntervals() != m_valueIntervals))
            m_rebuildTimer.start();
    });
    updateEmptyState();
}

ChartWidget::~ChartWidget() = default;

void ChartWidget::setSeries(const QList<TimeSeries> &series, const QString &title,
                            const QString &sourceNote)
{
    m_crosshair->hide();
    m_chart->removeAllSeries();
    m_series.clear();
    m_fullFrom = std::numeric_limits<double>::infinity();
    m_fullTo = -std::numeric_limits<double>::infinity();
    for (const TimeSeries &s : series) {
        const auto finite = [](const QPair<double, double> &p) { return std::isfinite(p.second); };
        const auto first = std::find_if(s.points.cbegin(), s.points.cend(), finite);
        if (first == s.points.cend())
            continue; // nothing to draw
        const auto last = std::find_if(s.points.crbegin(), s.points.crend(), finite);
        m_fullFrom = std::min(m_fullFrom, first->first);
        m_fullTo = std::max(m_fullTo, last->first);
        m_series.append(s);
    }
    if (m_window.second > m_window.first)
        std::tie(m_fullFrom, m_fullTo) = m_window;
    m_shownSeries = int(m_series.size());
    m_chart->setTitle(title);
    m_noteLabel->setFullText(sourceNote);
    const bool wasZoomed = m_zoomed;
    m_zoomed = false;
    m_resetZoomButton->setEnabled(false);

    m_unit = m_unitSetting;
    if (m_unit == ValueUnit::Auto) {
        const auto named = std::find_if(m_series.cbegin(), m_series.cend(),
                                        [](const TimeSeries &s) { return !s.name.isEmpty(); });
        m_unit = unitForMetric(named != m_series.cend() ? named->name : title);
    }
    const QStringList legend = seriesLegends(m_series);
    QList<ChartLegendModel::Entry> entries;
    for (int i = 0; i < m_series.size(); ++i)
        entries.append({legend.at(i), seriesKey(m_series.at(i)), kPalette[i % kPaletteSize]});
    m_legendModel->setUnit(m_unit);
    m_legendModel->setEntries(entries);

    m_settingRange = true; // attaching series moves the axes: not a zoom
    for (int i = 0; i < m_series.size(); ++i) {
        auto *line = new QLineSeries;
        line->setName(legend.at(i));
        QPen pen(entries.at(i).colour);
        pen.setWidthF(1.5);
        line->setPen(pen);
        line->setMarkerSize(6);
        m_chart->addSeries(line);
        line->attachAxis(m_timeAxis);
        line->attachAxis(m_valueAxis);
        line->setVisible(m_legendModel->isVisible(i));
    }
    m_settingRange = false;
    const bool wasHidden = m_view->isHidden();
    updateEmptyState();
    updateLegendHeight();
    // Coming out of the empty state, settle the view's layout while the lines are still
    // empty: laid out later, every line's geometry would be computed twice.
    if (wasHidden && m_shownSeries > 0)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    rebuild();
    if (wasZoomed)
        emit zoomChanged(false);
}

void ChartWidget::clear()
{
    setSeries({});
}

void ChartWidget::setEmptyText(const QString &text)
{
    m_emptyLabel->setText(text);
}

void ChartWidget::setExportContext(const QString &gateway, const QString &query)
{
    m_exportGateway = gateway;
    m_exportQuery = query;
}

void ChartWidget::updateEmptyState()
{
    m_stack->setCurrentWidget(m_shownSeries > 0 ? static_cast<QWidget *>(m_view) : m_emptyLabel);
    m_legendView->setVisible(m_shownSeries > 0);
    m_exportButton->setEnabled(m_shownSeries > 0);
}

int ChartWidget::plotColumns() const
{
    const int plot = int(m_chart->plotArea().width());
    return std::max(50, plot > 10 ? plot : width() - 120);
}

void ChartWidget::rebuild()
{
    m_rebuildTimer.stop();
    m_rangeChanged = false;
    if (m_shownSeries == 0)
        return;
    const double from = m_zoomed ? m_viewFrom : m_fullFrom;
    const double to = m_zoomed ? m_viewTo : m_fullTo;
    m_columns = plotColumns();
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    const QList<QAbstractSeries *> lines = m_chart->series();
    QList<QList<QPointF>> drawnLines;
    drawnLines.reserve(lines.size());
    for (int i = 0; i < m_series.size() && i < lines.size(); ++i) {
        const QList<QPair<double, double>> &points = m_series.at(i).points;
        const auto before = [](const QPair<double, double> &p, double t) { return p.first < t; };
        const auto after = [](double t, const QPair<double, double> &p) { return t < p.first; };
        // The visible span plus one point on either side, so lines run to the edges.
        qsizetype begin =
            std::lower_bound(points.cbegin(), points.cend(), from, before) - points.cbegin();
        qsizetype end =
            std::upper_bound(points.cbegin(), points.cend(), to, after) - points.cbegin();
        begin = std::max<qsizetype>(0, begin - 1);
        end = std::min(points.size(), end + 1);
        const QList<QPair<double, double>> shown =
            decimate(points.sliced(begin, end - begin), m_columns);
        const bool visible = m_legendModel->isVisible(i);
        QList<QPointF> drawn;
        drawn.reserve(shown.size());
        for (const auto &[time, value] : shown) {
            if (!std::isfinite(value))
                continue;
            drawn.append(QPointF(time * 1000.0, value));
            if (visible && time >= from && time <= to) {
                low = std::min(low, value);
                high = std::max(high, value);
            }
        }
        drawnLines.append(std::move(drawn));
    }
    if (!std::isfinite(low)) { // nothing inside the span: keep the axis sensible
        low = 0;
        high = 1;
    }
    double axisFrom = from;
    double axisTo = to;
    if (axisTo - axisFrom < 1) { // a single instant: show a minute around it
        axisFrom -= 30;
        axisTo += 30;
    } else if (axisTo - axisFrom < 60) { // a few seconds of data: the last minute, so the
        axisFrom = axisTo - 60;          // time labels differ
    }
    applyAxes(axisFrom, axisTo, low, high);
    m_drawnFrom = qint64(m_timeAxis->min());
    m_drawnTo = qint64(m_timeAxis->max());
    // The axes first, then the points: each line's geometry is computed once.
    for (int i = 0; i < drawnLines.size(); ++i) {
        auto *line = static_cast<QLineSeries *>(lines.at(i));
        line->setPointsVisible(drawnLines.at(i).size() == 1); // else a lone point is invisible
        line->replace(drawnLines.at(i));
    }
    updateLegendStats(from, to);
}

void ChartWidget::onAxisRangeChanged()
{
    if (m_settingRange || m_shownSeries == 0)
        return;
    if (qint64(m_timeAxis->min()) == m_drawnFrom && qint64(m_timeAxis->max()) == m_drawnTo)
        return; // the chart's layout setting the same range again
    // Zoomed by the rubber band (or out again by a right click).
    m_viewFrom = m_timeAxis->min() / 1000.0;
    m_viewTo = m_timeAxis->max() / 1000.0;
    const bool zoomed = m_viewFrom > m_fullFrom + 1e-3 || m_viewTo < m_fullTo - 1e-3;
    if (zoomed != m_zoomed) {
        m_zoomed = zoomed;
        m_resetZoomButton->setEnabled(zoomed);
        emit zoomChanged(zoomed);
    }
    m_crosshair->hide();
    m_rangeChanged = true;
    m_rebuildTimer.start();
}

QPair<double, double> ChartWidget::visibleRange() const
{
    return {m_timeAxis->min() / 1000.0, m_timeAxis->max() / 1000.0};
}

void ChartWidget::zoomToRange(double from, double to)
{
    if (m_shownSeries == 0 || !(to > from))
        return;
    m_timeAxis->setRange(std::round(from * 1000), std::round(to * 1000));
}

void ChartWidget::resetZoom()
{
    const bool was = m_zoomed;
    m_zoomed = false;
    m_resetZoomButton->setEnabled(false);
    rebuild();
    if (was)
        emit zoomChanged(false);
}

QList<int> ChartWidget::drawnPointCounts() const
{
    QList<int> counts;
    for (QAbstractSeries *series : m_chart->series())
        counts.append(int(static_cast<QLineSeries *>(series)->count()));
    return counts;
}

QStringList ChartWidget::legendTexts() const
{
    QStringList names;
    for (QAbstractSeries *series : m_chart->series())
        names.append(series->name());
    return names;
}

qint64 ChartWidget::drawnBytes() const
{
    qint64 points = 0;
    for (const int count : drawnPointCounts())
        points += count;
    return points * qint64(sizeof(QPointF));
}

QLabel *ChartWidget::crosshairLabel() const
{
    return m_crosshair->label();
}

void ChartWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_colors)
        m_colors->apply(palette());
}

void ChartWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_crosshair->hide();
    updateLegendHeight();
}

void ChartWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // View ▸ Show times in UTC, wherever the window keeps it.
    if (auto *utc = window()->findChild<QAction *>(QStringLiteral("utcAction")))
        connect(utc, &QAction::toggled, this, &ChartWidget::refreshTimes, Qt::UniqueConnection);
}

} // namespace pushscope::ui
