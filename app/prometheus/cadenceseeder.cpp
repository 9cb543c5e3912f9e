#include "cadenceseeder.h"

#include "model/gatewaymonitor.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/pushhistory.h"
#include "prometheus/scrapehealthmonitor.h"

namespace pushscope {

CadenceSeeder::CadenceSeeder(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth,
                             QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_scrapeHealth(scrapeHealth)
{
    connect(scrapeHealth, &ScrapeHealthMonitor::healthChanged, this,
            &CadenceSeeder::onHealthChanged);
}

CadenceSeeder::~CadenceSeeder() = default;

QString CadenceSeeder::sourceOf(int gateway) const
{
    return m_scrapeHealth->prometheusUrl(gateway).toString() + QLatin1Char(' ') +
           m_monitor->state(gateway).url;
}

void CadenceSeeder::onHealthChanged(int gateway)
{
    if (gateway < 0 || gateway >= m_monitor->gatewayCount())
        return;
    const std::optional<ScrapeHealth> health = m_scrapeHealth->health(gateway);
    if (!health || !health->ok || !health->scraped)
        return;
    const QUrl prometheus = m_scrapeHealth->prometheusUrl(gateway);
    const QString source = prometheus.toString() + QLatin1Char(' ') + m_monitor->state(gateway).url;
    State &state = m_states[gateway];
    if (state.seededFor == source || state.askingFor == source)
        return;

    state.askingFor = source;
    state.client = std::make_shared<PrometheusClient>(prometheus);
    state.client->setHttpConfig(m_scrapeHealth->prometheusHttp(gateway));
    state.client->setTimeout(std::chrono::seconds(60));
    // The callback is dropped with the client: a newer query replaces this one's answer.
    PushHistory::read(state.client.get(), health->target, health->honorLabels,
                      m_monitor->state(gateway).groups,
                      [this, gateway, source](const PushHistoryResult &result) {
                          State &s = m_states[gateway];
                          s.askingFor.clear();
                          // Asked about a gateway (or through a Prometheus) since replaced.
                          if (sourceOf(gateway) != source)
                              return;
                          s.status = PushHistory::summary(result);
                          if (result.ok) {
                              m_monitor->model()->seedPushTimes(gateway, result.pushTimes);
                              s.seededFor = source;
                          }
                          emit statusChanged(gateway);
                          if (result.ok)
                              emit seeded(gateway);
                      });
}

} // namespace pushscope
