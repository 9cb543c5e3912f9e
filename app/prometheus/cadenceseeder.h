#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <memory>

namespace pushscope {

class GatewayMonitor;
class PrometheusClient;
class ScrapeHealthMonitor;

// Seeds each gateway's group cadences from the history of the Prometheus that scrapes it
// (see pushhistory.h), once per gateway and Prometheus, as soon as the scrape check has
// found the gateway's target: the cadence column and the late outcome then work from the
// first minutes, not after hours of polls. A failed query is tried again after the next
// scrape check; a gateway no Prometheus scrapes is never asked about.
class CadenceSeeder : public QObject
{
    Q_OBJECT

public:
    CadenceSeeder(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth,
                  QObject *parent = nullptr);
    ~CadenceSeeder() override;

    // One sentence on the gateway's seeding ("Cadences seeded from 24h of Prometheus
    // history: 120 groups."), an error sentence, or empty before any answer.
    QString status(int gateway) const { return m_states.value(gateway).status; }
    bool isSeeded(int gateway) const { return !m_states.value(gateway).seededFor.isEmpty(); }

signals:
    void seeded(int gateway);
    void statusChanged(int gateway);

private:
    struct State {
        QString seededFor; // "<prometheus url> <gateway url>" of the seeding that landed
        QString askingFor; // the same for the query in flight
        std::shared_ptr<PrometheusClient> client;
        QString status;
    };
    // "<prometheus url> <gateway url>": what a seeding of `gateway` is made from now.
    QString sourceOf(int gateway) const;
    void onHealthChanged(int gateway);

    GatewayMonitor *m_monitor;
    ScrapeHealthMonitor *m_scrapeHealth;
    QHash<int, State> m_states;
};

} // namespace pushscope
