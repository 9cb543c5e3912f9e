#include "chartpanel.h"

#include "chartwidget.h"
#include "model/gatewaymonitor.h"
#include "model/seriesformat.h"
#include "model/timeformat.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/promql.h"
#include "timerangedialog.h"
#include "window/elidedlabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <algorithm>

using namespace std::chrono_literals;

namespace pushscope::ui {

namespace {

constexpr auto kThrottle = 2s;
constexpr auto kAssumedScrapeInterval = 15s;
constexpr int kNoteWarningChars = 90; // the rest of a long warning is in the tooltip

} // namespace

ChartPanel::ChartPanel(GatewayMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_startedAt(QDateTime::currentDateTime())
{
    m_familyBox = new QComboBox(this);
    m_familyBox->setObjectName(QStringLiteral("chartFamilyBox"));
    m_familyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_familyBox->setMinimumContentsLength(9); // wider where there is room (column stretch)
    m_rangeBox = new TimeRangeBox(this);
    m_rangeBox->setObjectName(QStringLiteral("chartRangeBox"));
    // A custom range's text is long; it elides on a narrow window rather than widen it.
    m_rangeBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_rangeBox->setMinimumContentsLength(5);
    m_rateBox = new QCheckBox(tr("Rate"), this);
    m_rateBox->setToolTip(tr("Per-second rate of a counter"));
    m_followBox = new QCheckBox(tr("Follow live"), this);
    m_followBox->setChecked(true);
    m_followBox->setToolTip(tr("Reload after every poll; a zoom turns it off until Reset zoom"));
    m_queryEdit = new QLineEdit(this);
    m_queryEdit->setObjectName(QStringLiteral("chartQueryEdit"));
    m_queryEdit->setReadOnly(true);
    m_queryEdit->setPlaceholderText(tr("PromQL"));
    m_moreLabel = new QLabel(this);
    m_chart = new ChartWidget(this);
    m_chart->setEmptyText(tr("Select a group to chart its values."));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // One row of controls, the query, then the chart takes all that is left.
    layout->addWidget(m_familyBox, 0, 0);
    layout->addWidget(m_rangeBox, 0, 1);
    layout->addWidget(m_rateBox, 0, 2);
    layout->addWidget(m_followBox, 0, 3);
    layout->addWidget(m_moreLabel, 0, 4);
    auto *queryRow = new QHBoxLayout; // the query and addControl()'s buttons
    queryRow->addWidget(m_queryEdit, 1);
    layout->addLayout(queryRow, 1, 0, 1, 5);
    layout->addWidget(m_chart, 2, 0, 1, 5);
    layout->setColumnStretch(0, 1);
    layout->setRowStretch(2, 1);
    layout->setColumnStretch(1, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kThrottle);
    connect(&m_throttle, &QTimer::timeout, this, &ChartPanel::kick);
    connect(m_familyBox, &QComboBox::currentIndexChanged, this, [this] {
        m_rateBox->setEnabled(familyType() == MetricType::Counter);
        invalidate();
    });
    connect(m_rangeBox, &TimeRangeBox::rangeChanged, this, [this] {
        // A window that has ended does not move: nothing to follow. One up to now does.
        if (m_rangeBox->followsNow())
            m_followBox->setChecked(true);
        else if (m_rangeBox->isCustom() && m_rangeBox->customTo() <= QDateTime::currentDateTime())
            m_followBox->setChecked(false);
        invalidate();
    });
    connect(m_rateBox, &QCheckBox::toggled, this, &ChartPanel::invalidate);
    // As in Grafana: a zoom is a fixed range, which the next live reload would throw away.
    connect(m_chart, &ChartWidget::zoomChanged, this, [this](bool zoomed) {
        if (zoomed && m_followBox->isChecked()) {
            m_followBeforeZoom = true;
            m_followBox->setChecked(false);
        } else if (!zoomed && m_followBeforeZoom) {
            m_followBeforeZoom = false;
            m_followBox->setChecked(true);
        }
    });
    connect(m_monitor, &GatewayMonitor::pollApplied, this, [this] {
        readSelection();
        if (m_followBox->isChecked() && !m_groups.isEmpty()) {
            m_liveDue = true;
            kick();
        }
    });
    m_rateBox->setEnabled(false);
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setSelectionModel(QItemSelectionModel *selection)
{
    m_selection = selection;
    connect(selection, &QItemSelectionModel::selectionChanged, this, &ChartPanel::readSelection);
    readSelection();
}

void ChartPanel::setPrometheusUrl(const QUrl &url, const HttpConfig &http)
{
    m_explicitUrl = url;
    m_explicitHttp = http;
    updateClient();
}

void ChartPanel::setGatewayPrometheus(int gateway, const QUrl &url, const HttpConfig &http)
{
    if (url.isEmpty())
        m_gatewaySources.remove(gateway);
    else
        m_gatewaySources.insert(gateway, Source{url, http});
    updateClient();
}

// --prometheus first, then the first selected group's gateway's own, then the sandbox's.
ChartPanel::Source ChartPanel::currentSource() const
{
    if (!m_explicitUrl.isEmpty())
        return {m_explicitUrl, m_explicitHttp};
    if (!m_groups.isEmpty()) {
        const auto it = m_gatewaySources.constFind(m_groups.first().gateway);
        if (it != m_gatewaySources.constEnd())
            return *it;
    }
    return {m_sandboxUrl, {}};
}

void ChartPanel::setSandboxPrometheusUrl(const QUrl &url)
{
    m_sandboxUrl = url;
    updateClient();
}

QUrl ChartPanel::prometheusUrl() const
{
    return currentSource().url;
}

void ChartPanel::updateClient()
{
    const Source source = currentSource();
    if (m_client ? m_client->baseUrl() == source.url && m_clientHttp == source.http
                 : source.url.isEmpty())
        return;
    delete m_client; // drops its callbacks
    m_client = nullptr;
    m_busy = false;
    if (!source.url.isEmpty()) {
        m_client = new PrometheusClient(source.url, this);
        m_client->setTimeout(10s);
        m_client->setHttpConfig(source.http);
        m_clientHttp = source.http;
    }
    invalidate();
}

void ChartPanel::addControl(QWidget *control)
{
    auto *grid = static_cast<QGridLayout *>(layout());
    static_cast<QHBoxLayout *>(grid->itemAtPosition(1, 0)->layout())->addWidget(control);
}

void ChartPanel::reload()
{
    readSelection();
    invalidate();
}

bool ChartPanel::setCustomRange(const QDateTime &from, const QDateTime &to, QString *error)
{
    return m_rangeBox->setCustomRange(from, to, error);
}

MetricType ChartPanel::familyType() const
{
    const QVariant type = m_familyBox->currentData();
    return type.isValid() ? MetricType(type.toInt()) : MetricType::Untyped;
}

std::chrono::milliseconds ChartPanel::range() const
{
    return m_rangeBox->range();
}

QString ChartPanel::expression() const
{
    const QString family = m_familyBox->currentText();
    const bool rate = m_rateBox->isEnabled() && m_rateBox->isChecked();
    const auto window = rateWindow(stepFor(range(), 11000), kAssumedScrapeInterval);
    QStringList parts;
    for (const Selected &selected : m_groups) {
        const QString selector = selectorFor(family, selected.group.key);
        parts.append(rate ? rateExpr(selector, window) : selector);
    }
    return parts.join(QStringLiteral(" or "));
}

void ChartPanel::invalidate()
{
    ++m_generation;
    m_dirty = true;
    kick();
}

// Starts a load when one is due and none is in flight.
void ChartPanel::kick()
{
    if (m_busy)
        return; // the reply kicks again
    if (m_dirty || (m_liveDue && !m_throttle.isActive()))
        load();
}

void ChartPanel::load()
{
    m_dirty = false;
    m_liveDue = false;
    m_throttle.start();
    if (m_groups.isEmpty() || m_familyBox->count() == 0) {
        m_queryEdit->clear();
        m_chart->setEmptyText(m_groups.isEmpty()
                                  ? tr("Select a group to chart its values.")
                                  : tr("No counter, gauge or untyped family to chart."));
        finishLoad({}, {}, false);
        return;
    }
    const QString expr = expression();
    m_queryEdit->setText(expr);
    m_queryEdit->setCursorPosition(0);
    if (!m_client) {
        showHistory({});
        return;
    }
    m_busy = true;
    const quint64 generation = m_generation;
    const auto [start, end] = m_rangeBox->window(QDateTime::currentDateTimeUtc());
    m_client->queryRange(expr, start, end, stepFor(range(), 11000),
                         [this, generation, expr](const QueryResult &result) {
                             m_busy = false;
                             if (generation == m_generation)
                                 showPrometheus(result, expr);
                             kick();
                         });
}

void ChartPanel::showPrometheus(const QueryResult &result, const QString &expr)
{
    Q_UNUSED(expr)
    if (!result.ok) {
        showHistory(tr("Prometheus failed: %1").arg(result.error));
        return;
    }
    const bool hasPoints = std::any_of(result.series.begin(), result.series.end(),
                                       [](const TimeSeries &s) { return !s.points.isEmpty(); });
    if (!hasPoints) {
        showHistory(tr("Prometheus has no samples for this query yet."));
        return;
    }
    QString note = tr("from Prometheus");
    QString toolTip;
    if (!result.warnings.isEmpty()) { // e.g. a remote read or a store that did not answer
        QString first = result.warnings.first().simplified();
        if (first.size() > kNoteWarningChars)
            first = first.left(kNoteWarningChars - 1) + QChar(0x2026);
        note += QStringLiteral(" · ") +
                (result.warnings.size() == 1
                     ? tr("1 warning: %1").arg(first)
                     : tr("%1 warnings: %2").arg(result.warnings.size()).arg(first));
        toolTip = tr("Prometheus warned:") + QStringLiteral("\n• ") +
                  result.warnings.join(QStringLiteral("\n• "));
    }
    finishLoad(result.series, note, true, toolTip);
}

void ChartPanel::showHistory(const QString &prometheusNote)
{
    const QString family = m_familyBox->currentText();
    const bool rate = m_rateBox->isEnabled() && m_rateBox->isChecked();
    const auto [start, end] = m_rangeBox->window(QDateTime::currentDateTimeUtc());
    const double from = start.toMSecsSinceEpoch() / 1000.0;
    const double to = end.toMSecsSinceEpoch() / 1000.0;
    QList<TimeSeries> series;
    for (const Selected &selected : std::as_const(m_groups)) {
        for (TimeSeries one :
             m_monitor->history()->history(selected.gateway, selected.group.key, family)) {
            one.points.removeIf([from, to](const QPair<double, double> &p) {
                return p.first < from || p.first > to;
            });
            if (rate)
                one.points = perSecondRate(one.points);
            series.append(one);
        }
    }
    QString note = tr("PushScope's own history since %1").arg(formatTimestamp(m_startedAt));
    if (!prometheusNote.isEmpty())
        note += QStringLiteral(" · ") + prometheusNote;
    m_chart->setEmptyText(tr("No values of %1 recorded yet: the history grows as groups are "
                             "pushed again.")
                              .arg(family));
    finishLoad(series, note, false);
}

void ChartPanel::finishLoad(const QList<TimeSeries> &series, const QString &note,
                            bool fromPrometheus, const QString &noteToolTip)
{
    m_sourceNote = note;
    m_fromPrometheus = fromPrometheus;
    QString title = m_familyBox->currentText();
    const bool rate = m_rateBox->isEnabled() && m_rateBox->isChecked();
    if (!title.isEmpty() && rate)
        title = tr("rate(%1)").arg(title);
    QStringList gateways;
    for (const Selected &selected : std::as_const(m_groups)) {
        const GatewayPollState &state = m_monitor->state(selected.gateway);
        gateways.append(state.name.isEmpty() ? state.url : state.name);
    }
    gateways.removeDuplicates();
    m_chart->setExportContext(gateways.join(QStringLiteral(", ")), m_queryEdit->text());
    m_chart->setValueUnit(rate ? ValueUnit::PerSecond : ValueUnit::Auto);
    // The whole window chosen, even where it holds no samples, as Grafana draws it.
    const auto [from, to] = m_rangeBox->window(QDateTime::currentDateTimeUtc());
    m_chart->setTimeWindow(from.toMSecsSinceEpoch() / 1000.0, to.toMSecsSinceEpoch() / 1000.0);
    m_chart->setSeries(series, title, note);
    m_chart->noteLabel()->setExtraToolTip(noteToolTip);
    ++m_loads;
    Q_EMIT loaded();
}

} // namespace pushscope::ui
