#include "chartwidget.h"

#include "model/decimate.h"
#include "model/seriesformat.h"
#include "model/timeformat.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedLayout>
#include <QVBoxLayout>
#include <QValueAxis>
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
// Lines with at most this many points also mark each point.
constexpr int kMarkPointsBelow = 40;

} // namespace

ChartWidget::ChartWidget(QWidget *parent)
    : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setTickCount(6);
    m_valueAxis = new QValueAxis;
    m_valueAxis->setLabelFormat(QStringLiteral("%.6g"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setToolTip(tr("Drag across a time span to zoom in"));

    m_hoverLabel = new QLabel(m_view);
    m_hoverLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_hoverLabel->setStyleSheet(
        QStringLiteral("QLabel { background: palette(tooltip-base); color: palette(tooltip-text);"
                       " border: 1px solid palette(mid); padding: 3px; }"));
    m_hoverLabel->hide();

    m_emptyLabel = new QLabel(tr("Nothing to chart"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setEnabled(false);

    m_noteLabel = new QLabel;
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
    layout->addLayout(bar);
    layout->addLayout(m_stack, 1);

    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(0);
    connect(&m_rebuildTimer, &QTimer::timeout, this, [this] {
        // The layout may pass through other plot sizes on its way: only the one it settles
        // on counts.
        const int columns = plotColumns();
        if (m_rangeChanged || std::abs(columns - m_columns) > std::max(4, m_columns / 20))
            rebuild();
    });
    connect(m_timeAxis, &QDateTimeAxis::rangeChanged, this, &ChartWidget::onAxisRangeChanged);
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        const int columns = int(area.width());
        if (m_shownSeries > 0 && std::abs(columns - m_columns) > std::max(4, m_columns / 20))
            m_rebuildTimer.start();
    });
    updateEmptyState();
}

ChartWidget::~ChartWidget() = default;

void ChartWidget::setSeries(const QList<TimeSeries> &series, const QString &title,
                            const QString &sourceNote)
{
    m_hoverLabel->hide();
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
    m_noteLabel->setText(sourceNote);
    m_zoomed = false;
    m_resetZoomButton->setEnabled(false);

    const QStringList legend = seriesLegends(m_series);
    m_settingRange = true; // attaching series moves the axes: not a zoom
    for (int i = 0; i < m_series.size(); ++i) {
        auto *line = new QLineSeries;
        line->setName(legend.at(i));
        QPen pen(kPalette[i % kPaletteSize]);
        pen.setWidthF(1.5);
        line->setPen(pen);
        m_chart->addSeries(line);
        line->attachAxis(m_timeAxis);
        line->attachAxis(m_valueAxis);
        connect(line, &QLineSeries::hovered, this,
                [this, line](const QPointF &point, bool state) { onHovered(line, point, state); });
    }
    m_settingRange = false;
    m_chart->legend()->setVisible(m_shownSeries > 0);
    const bool wasHidden = m_view->isHidden();
    updateEmptyState();
    // Coming out of the empty state, settle the view's layout while the lines are still
    // empty: laid out later, every line's geometry would be computed twice.
    if (wasHidden && m_shownSeries > 0)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    rebuild();
}

void ChartWidget::clear()
{
    setSeries({});
}

void ChartWidget::setEmptyText(const QString &text)
{
    m_emptyLabel->setText(text);
}

void ChartWidget::updateEmptyState()
{
    m_stack->setCurrentWidget(m_shownSeries > 0 ? static_cast<QWidget *>(m_view) : m_emptyLabel);
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
        QList<QPointF> drawn;
        drawn.reserve(shown.size());
        for (const auto &[time, value] : shown) {
            if (!std::isfinite(value))
                continue;
            drawn.append(QPointF(time * 1000.0, value));
            if (time >= from && time <= to) {
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
        axisFrom = axisTo - 60;          // six time labels differ
    }
    const double span = axisTo - axisFrom;
    // As many time labels as fit without eliding ("HH:mm:ss" needs about 70 px).
    m_timeAxis->setTickCount(std::clamp(int(m_chart->plotArea().width()) / 80 + 1, 3, 6));
    m_timeAxis->setFormat(span <= 600         ? QStringLiteral("HH:mm:ss")
                          : span <= 2 * 86400 ? QStringLiteral("HH:mm")
                                              : QStringLiteral("MMM d HH:mm"));
    m_settingRange = true;
    if (!m_zoomed) {
        m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(axisFrom * 1000)),
                             QDateTime::fromMSecsSinceEpoch(qint64(axisTo * 1000)));
    }
    // As many value labels as fit the plot's height (a label needs about 30 px), so none is
    // elided to "…" on a short chart.
    const AxisScale scale =
        niceScale(low, high, std::clamp(int(m_chart->plotArea().height()) / 30, 1, 6));
    m_valueAxis->setRange(scale.low, scale.high);
    m_valueAxis->setTickCount(scale.ticks);
    m_settingRange = false;
    m_drawnFrom = m_timeAxis->min().toMSecsSinceEpoch();
    m_drawnTo = m_timeAxis->max().toMSecsSinceEpoch();
    // The axes first, then the points: each line's geometry is computed once.
    for (int i = 0; i < drawnLines.size(); ++i) {
        auto *line = static_cast<QLineSeries *>(lines.at(i));
        line->setPointsVisible(drawnLines.at(i).size() <= kMarkPointsBelow);
        line->setMarkerSize(7);
        line->replace(drawnLines.at(i));
    }
}

void ChartWidget::onAxisRangeChanged()
{
    if (m_settingRange || m_shownSeries == 0)
        return;
    if (m_timeAxis->min().toMSecsSinceEpoch() == m_drawnFrom &&
        m_timeAxis->max().toMSecsSinceEpoch() == m_drawnTo)
        return; // the chart's layout setting the same range again
    // Zoomed by the rubber band (or out again by a right click).
    m_viewFrom = m_timeAxis->min().toMSecsSinceEpoch() / 1000.0;
    m_viewTo = m_timeAxis->max().toMSecsSinceEpoch() / 1000.0;
    const bool zoomed = m_viewFrom > m_fullFrom + 1e-3 || m_viewTo < m_fullTo - 1e-3;
    if (zoomed != m_zoomed) {
        m_zoomed = zoomed;
        m_resetZoomButton->setEnabled(zoomed);
        emit zoomChanged(zoomed);
    }
    m_rangeChanged = true;
    m_rebuildTimer.start();
}

QPair<double, double> ChartWidget::visibleRange() const
{
    return {m_timeAxis->min().toMSecsSinceEpoch() / 1000.0,
            m_timeAxis->max().toMSecsSinceEpoch() / 1000.0};
}

void ChartWidget::zoomToRange(double from, double to)
{
    if (m_shownSeries == 0 || !(to > from))
        return;
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(from * 1000)),
                         QDateTime::fromMSecsSinceEpoch(qint64(to * 1000)));
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

void ChartWidget::onHovered(QLineSeries *line, const QPointF &point, bool state)
{
    const QList<QPointF> points = line->points();
    if (!state || points.isEmpty()) {
        m_hoverLabel->hide();
        return;
    }
    // The drawn point nearest in time to the pointer.
    auto it = std::lower_bound(points.cbegin(), points.cend(), point.x(),
                               [](const QPointF &p, double x) { return p.x() < x; });
    if (it == points.cend() ||
        (it != points.cbegin() && point.x() - (it - 1)->x() < it->x() - point.x()))
        --it;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(it->x()));
    m_hoverLabel->setText(
        QStringLiteral("%1\n%2\n%3")
            .arg(line->name(), formatTimestamp(time), QString::number(it->y(), 'g', 12)));
    m_hoverLabel->adjustSize();
    QPoint at = m_view->mapFromScene(m_chart->mapToPosition(*it, line)) +
                QPoint(12, -12 - m_hoverLabel->height());
    at.setX(std::clamp(at.x(), 0, std::max(0, m_view->width() - m_hoverLabel->width())));
    at.setY(std::clamp(at.y(), 0, std::max(0, m_view->height() - m_hoverLabel->height())));
    m_hoverLabel->move(at);
    m_hoverLabel->show();
    m_hoverLabel->raise();
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

bool ChartWidget::exportPng(const QString &path)
{
    if (m_shownSeries == 0)
        return false;
    m_hoverLabel->hide();
    // Qt Charts lays out axis changes on a posted event: apply them before the picture.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return m_view->grab().save(path, "PNG");
}

void ChartWidget::exportWithDialog()
{
    QString name = m_chart->title().isEmpty() ? QStringLiteral("chart") : m_chart->title();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), name + QStringLiteral(".png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".png", Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    if (!exportPng(path))
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1.").arg(path));
}

int ChartWidget::valueTickCount() const
{
    return m_valueAxis->tickCount();
}

double ChartWidget::plotHeight() const
{
    return m_chart->plotArea().height();
}

void ChartWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_hoverLabel->hide();
}

} // namespace pushscope::ui
