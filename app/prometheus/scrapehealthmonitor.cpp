#include "scrapehealthmonitor.h"

#include "model/gatewaymonitor.h"
#include "prometheus/prometheusclient.h"

#include <QPointer>
#include <algorithm>

namespace pushscope {

ScrapeHealthMonitor::ScrapeHealthMonitor(GatewayMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
{
    connect(monitor, &GatewayMonitor::pollApplied, this, &ScrapeHealthMonitor::onPollApplied);
}

ScrapeHealthMonitor::~ScrapeHealthMonitor() = default;

void ScrapeHealthMonitor::setDefaultPrometheus(const QUrl &url, const HttpConfig &http)
{
    m_default = Source{url, http};
    for (int gateway = 0; gateway < m_monitor->gatewayCount(); ++gateway) {
        if (!m_states.value(gateway).own)
            resetClient(gateway);
    }
}

void ScrapeHealthMonitor::setPrometheus(int gateway, const QUrl &url, const HttpConfig &http)
{
    m_states[gateway].own = Source{url, http};
    resetClient(gateway);
}

QUrl ScrapeHealthMonitor::prometheusUrl(int gateway) const
{
    const Source *source = sourceFor(gateway);
    return source ? source->url : QUrl();
}

HttpConfig ScrapeHealthMonitor::prometheusHttp(int gateway) const
{
    const Source *source = sourceFor(gateway);
    return source ? source->http : HttpConfig();
}

const ScrapeHealthMonitor::Source *ScrapeHealthMonitor::sourceFor(int gateway) const
{
    const auto it = m_states.constFind(gateway);
    if (it != m_states.constEnd() && it->own)
        return it->own->url.isEmpty() ? nullptr : &*it->own;
    return m_default.url.isEmpty() ? nullptr : &m_default;
}

void ScrapeHealthMonitor::resetClient(int gateway)
{
    State &state = m_states[gateway];
    state.client.reset(); // drops the answer of a check in flight
    state.inFlight = false;
    state.health.reset();
    state.checkedAt = QDateTime();
    emit healthChanged(gateway);
    if (m_monitor->state(gateway).everOk)
        checkNow(gateway);
}

PrometheusClient *ScrapeHealthMonitor::clientFor(int gateway)
{
    const Source *source = sourceFor(gateway);
    if (!source)
        return nullptr;
    State &state = m_states[gateway];
    if (!state.client) {
        state.client = std::make_shared<PrometheusClient>(source->url);
        state.client->setHttpConfig(source->http);
        state.client->setTimeout(std::chrono::seconds(10));
    }
    return state.client.get();
}

std::optional<ScrapeHealth> ScrapeHealthMonitor::health(int gateway) const
{
    return m_states.value(gateway).health;
}

void ScrapeHealthMonitor::checkNow(int gateway)
{
    PrometheusClient *client = clientFor(gateway);
    State &state = m_states[gateway];
    if (!client || state.inFlight)
        return;
    // A group the gateway holds lets the check confirm honor_labels rather than guess.
    GroupingKey known;
    const GroupTableModel *model = m_monitor->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->gatewayAt(row) == gateway && !model->groupAt(row).key.job().isEmpty()) {
            known = model->groupAt(row).key;
            break;
        }
    }
    state.inFlight = true;
    const QUrl gatewayUrl = m_monitor->poller(gateway)->endpoint().baseUrl();
    // The callback is dropped with the client, so a replaced client's answer never lands.
    checkScrapeHealth(client, gatewayUrl, known, [this, gateway](const ScrapeHealth &health) {
        State &s = m_states[gateway];
        s.inFlight = false;
        s.health = health;
        s.checkedAt = QDateTime::currentDateTimeUtc();
        emit healthChanged(gateway);
    });
}

void ScrapeHealthMonitor::onPollApplied(int gateway)
{
    if (!m_monitor->state(gateway).ok)
        return;
    const State &state = m_states[gateway];
    // A Prometheus that has just started lists no targets for a few seconds: until the
    // gateway has been seen scraped, ask again soon rather than at the usual interval.
    const bool seenScraped =
        state.health && state.health->scraped && state.health->target.lastScrape.isValid();
    const qint64 interval =
        seenScraped ? m_interval.count() : std::min<qint64>(m_interval.count(), 5000);
    if (state.checkedAt.isValid() &&
        state.checkedAt.msecsTo(QDateTime::currentDateTimeUtc()) < interval)
        return;
    checkNow(gateway);
}

} // namespace pushscope
