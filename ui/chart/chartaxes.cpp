// The chart widget's axes and the crosshair's text: values labelled in their unit, times at
// round times of the clock in the app's zone (View ▸ Show times in UTC).

#include "chartcrosshair.h"
#include "chartlegendmodel.h"
#include "chartwidget.h"
#include "model/timeformat.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace pushscope::ui {

namespace {

// Replaces the labelled ticks of `axis` (its range set): (position, label) pairs, ascending,
// inside the range. A first tick at the axis' minimum gets a category of no width, so that it
// is labelled too.
void setAxisTicks(QCategoryAxis *axis, const QList<QPair<double, QString>> &ticks)
{
    const QStringList old = axis->categoriesLabels();
    for (const QString &label : old)
        axis->remove(label);
    axis->setStartValue(axis->min());
    for (const auto &[position, label] : ticks)
        axis->append(label, position);
}

QString escaped(const QString &text)
{
    QString out = text;
    out.replace(u'&', QStringLiteral("&amp;"));
    out.replace(u'<', QStringLiteral("&lt;"));
    out.replace(u'>', QStringLiteral("&gt;"));
    return out;
}

} // namespace

void ChartWidget::applyAxes(double from, double to, double low, double high)
{
    m_settingRange = true;
    if (!m_zoomed)
        m_timeAxis->setRange(std::round(from * 1000), std::round(to * 1000));
    const bool utc = timesInUtc();
    const double plotWidth =
        m_chart->plotArea().width() > 10 ? m_chart->plotArea().width() : double(width() - 120);
    // A label such as "Dec 1 14:30" needs about 90 px.
    const int maxTimeTicks = std::clamp(int(plotWidth) / 90, 2, 10);
    QList<QPair<double, QString>> ticks;
    for (const TimeTick &tick :
         timeTicks(m_timeAxis->min() / 1000.0, m_timeAxis->max() / 1000.0, maxTimeTicks, utc))
        ticks.append({tick.time * 1000, tick.label});
    setAxisTicks(m_timeAxis, ticks);

    const int intervals = valueIntervals();
    m_valueIntervals = intervals;
    ticks.clear();
    if (m_unit == ValueUnit::UnixTime) { // dates: round times, as on the time axis
        const double pad = high - low < 60 ? 30 : (high - low) * 0.02;
        m_valueAxis->setRange(low - pad, high + pad);
        for (const TimeTick &tick : timeTicks(low - pad, high + pad, intervals, utc))
            ticks.append({tick.time, tick.label});
    } else {
        AxisScale scale = niceScale(low, high, intervals);
        if (low >= 0 && scale.low < 0) // counters, rates, sizes: never below zero
            scale.low = 0;
        // Rounding outwards can add a step the plot has no room for: double the step.
        scale.ticks = int(std::lround((scale.high - scale.low) / scale.step)) + 1;
        while (scale.ticks - 1 > intervals) {
            scale.step *= 2;
            scale.low = std::floor(scale.low / scale.step + 1e-9) * scale.step;
            scale.high = std::ceil(scale.high / scale.step - 1e-9) * scale.step;
            scale.ticks = int(std::lround((scale.high - scale.low) / scale.step)) + 1;
        }
        m_valueAxis->setRange(scale.low, scale.high);
        const AxisLabels labels = axisLabels(m_unit, scale.low, scale.high, scale.step);
        for (int i = 0; i < scale.ticks; ++i) {
            const double value = scale.low + i * scale.step;
            ticks.append({value, labels.text(value)});
        }
    }
    setAxisTicks(m_valueAxis, ticks);
    m_settingRange = false;
}

int ChartWidget::valueIntervals() const
{
    // A value label needs about 30 px: fewer labels on a short plot, rather than labels
    // elided to "…".
    return std::clamp(int(m_chart->plotArea().height()) / 30, 1, 6);
}

void ChartWidget::refreshTimes()
{
    m_crosshair->hide();
    if (m_shownSeries > 0)
        rebuild();
}

QStringList ChartWidget::valueAxisLabels() const
{
    return m_valueAxis->categoriesLabels();
}

QPair<double, double> ChartWidget::valueAxisRange() const
{
    return {m_valueAxis->min(), m_valueAxis->max()};
}

int ChartWidget::valueTickCount() const
{
    return m_valueAxis->count();
}

double ChartWidget::plotHeight() const
{
    return m_chart->plotArea().height();
}

void ChartWidget::setMinimumPlotHeight(int height)
{
    // The title, the time axis' labels, the chart's margins and the view's frame.
    const int around = 3 * fontMetrics().height() + 24;
    m_view->setMinimumHeight(height > 0 ? height + around : 0);
}

QList<double> ChartWidget::timeAxisTicks() const
{
    QList<double> ticks;
    for (const QString &label : m_timeAxis->categoriesLabels())
        ticks.append(m_timeAxis->endValue(label) / 1000.0);
    return ticks;
}

QStringList ChartWidget::timeAxisLabels() const
{
    return m_timeAxis->categoriesLabels();
}

// The time at the pointer, then each shown series' last value at or before it.
QString ChartWidget::crosshairText(double msecs) const
{
    const double time = msecs / 1000.0;
    QString text =
        QStringLiteral("<b>%1</b>")
            .arg(escaped(formatTimestamp(QDateTime::fromMSecsSinceEpoch(qint64(msecs), Qt::UTC))));
    const QStringList names = legendTexts();
    for (int i = 0; i < m_series.size(); ++i) {
        if (!m_legendModel->isVisible(i))
            continue;
        const QList<QPair<double, double>> &points = m_series.at(i).points;
        auto it =
            std::upper_bound(points.cbegin(), points.cend(), time,
                             [](double t, const QPair<double, double> &p) { return t < p.first; });
        while (it != points.cbegin() && !std::isfinite((it - 1)->second))
            --it;
        if (it == points.cbegin())
            continue; // nothing yet at that time
        const QColor colour =
            m_legendModel->data(m_legendModel->index(i, 0), Qt::DecorationRole).value<QColor>();
        text += QStringLiteral("<br><span style=\"color:%1\">&#9632;</span> %2: <b>%3</b>")
                    .arg(colour.name(), escaped(names.value(i)),
                         escaped(formatValue((it - 1)->second, m_unit)));
    }
    return text;
}

} // namespace pushscope::ui
