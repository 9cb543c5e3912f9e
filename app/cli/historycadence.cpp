#include "historycadence.h"

#include "prometheus/prometheusclient.h"
#include "prometheus/pushhistory.h"
#include "prometheus/scrapehealth.h"

#include <QEventLoop>
#include <QTimer>

namespace pushscope {

HistoryCadences historyCadences(const QUrl &prometheus, const GatewayReading &reading,
                                std::chrono::milliseconds timeout)
{
    PrometheusClient client(prometheus);
    client.setTimeout(timeout);
    HistoryCadences cadences;
    cadences.note = QStringLiteral("Prometheus did not answer in time.");
    PushHistoryResult history;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeout * 4); // targets, up to two queries, the history: each bounded
    const GroupingKey known =
        reading.records.isEmpty() ? GroupingKey() : reading.records.constFirst().group.key;
    checkScrapeHealth(&client, reading.endpoint.baseUrl(), known, [&](const ScrapeHealth &health) {
        if (!health.ok || !health.scraped) {
            cadences.note = health.ok ? health.verdict : health.error;
            loop.quit();
            return;
        }
        PushHistory::read(&client, health.target, health.honorLabels, int(reading.records.size()),
                          [&](const PushHistoryResult &result) {
                              history = result;
                              cadences.ok = result.ok;
                              cadences.note = PushHistory::summary(result);
                              loop.quit();
                          });
    });
    loop.exec();
    client.abortAll();
    if (!cadences.ok)
        return cadences;
    for (const GroupRecord &record : reading.records) {
        QList<double> pushTimes;
        for (const double pushTime : history.pushTimes.value(record.group.key.id()))
            Cadence::recordPushTime(&pushTimes, pushTime);
        Cadence::recordPushTime(&pushTimes, record.group.lastActivityTime());
        cadences.byId.insert(record.group.key.id(), Cadence::estimate(pushTimes));
    }
    return cadences;
}

} // namespace pushscope
