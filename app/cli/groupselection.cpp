#include "groupselection.h"

#include "gateway/gatewayclient.h"
#include "model/clockoffset.h"
#include "model/naturalsort.h"
#include "model/preparedsnapshot.h"

#include <QDateTime>
#include <QEventLoop>
#include <algorithm>
#include <memory>
#include <vector>

namespace pushscope {

bool GroupFilter::accepts(const GroupRecord &record) const
{
    if (!matchesAll(matchers, record.group))
        return false;
    if (olderThanSeconds && !(record.pushAgeSeconds > *olderThanSeconds))
        return false;
    if (outcome && record.verdict.outcome != *outcome)
        return false;
    return true;
}

void sortForListing(QList<GroupRecord> *records)
{
    struct Entry {
        int gatewayIndex;
        QString key;
        qsizetype index;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(records->size()));
    for (qsizetype i = 0; i < records->size(); ++i)
        entries.push_back({records->at(i).gatewayIndex, records->at(i).group.key.toString(), i});
    // The index breaks ties (lossy keys can read the same), so the order never depends on
    // the order the gateway answered in beyond that.
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        if (a.gatewayIndex != b.gatewayIndex)
            return a.gatewayIndex < b.gatewayIndex;
        if (const int c = naturalCompare(a.key, b.key); c != 0)
            return c < 0;
        return a.index < b.index;
    });
    QList<GroupRecord> sorted;
    sorted.reserve(records->size());
    for (const Entry &entry : entries)
        sorted.append(std::move((*records)[entry.index]));
    *records = std::move(sorted);
}

QString clockNotice(const QString &command, const GatewayReading &reading)
{
    if (reading.clockWarning.isEmpty())
        return {};
    return QStringLiteral("pushscope %1: %2: %3; ages use %4.")
        .arg(command, reading.endpoint.text(), reading.clockWarning,
             reading.clockTrusted ? QStringLiteral("its clock (--trust-gateway-clock)")
                                  : QStringLiteral("this computer's clock"));
}

QList<GatewayReading> readGateways(const QList<GatewayEndpoint> &endpoints,
                                   std::chrono::milliseconds timeout, double staleAfterSeconds,
                                   const HttpConfig &http)
{
    return readGateways(endpoints, timeout, staleAfterSeconds,
                        QList<HttpConfig>(endpoints.size(), http));
}

QList<GatewayReading> readGateways(const QList<GatewayEndpoint> &endpoints,
                                   std::chrono::milliseconds timeout, double staleAfterSeconds,
                                   const QList<HttpConfig> &httpPerGateway, bool trustGatewayClock)
{
    Q_ASSERT(httpPerGateway.size() == endpoints.size());
    QList<GatewayReading> readings(endpoints.size());
    QEventLoop loop;
    int pending = int(endpoints.size());
    std::vector<std::unique_ptr<GatewayClient>> clients;
    for (int i = 0; i < endpoints.size(); ++i) {
        readings[i].endpoint = endpoints.at(i);
        readings[i].http = httpPerGateway.at(i);
        clients.push_back(std::make_unique<GatewayClient>(endpoints.at(i)));
        clients.back()->setTimeout(timeout);
        clients.back()->setHttpConfig(httpPerGateway.at(i));
        clients.back()->setReadsGaugeHistograms(true);
        clients.back()->fetchMetrics([&, i](const MetricsResult &result) {
            GatewayReading &reading = readings[i];
            reading.ok = result.ok;
            reading.error = result.error;
            if (result.ok) {
                ClockOffset clock;
                clock.addSample(result.sentAtMs, result.receivedAtMs, result.serverDate);
                reading.clockWarning = clock.distrustText();
                reading.clockTrusted = clock.isTrusted() || trustGatewayClock;
                const double now = QDateTime::currentMSecsSinceEpoch() / 1000.0 +
                                   clock.usableOffsetSeconds(trustGatewayClock);
                const PreparedSnapshot prepared = prepareSnapshot(*result.snapshot);
                for (const PreparedGroup &entry : prepared.groups) {
                    GroupRecord record;
                    record.gatewayIndex = i;
                    record.gateway = reading.endpoint.text();
                    record.group = entry.group;
                    record.pushAgeSeconds = pushAgeSeconds(entry.group.lastActivityTime(), now);
                    record.verdict = OutcomeRules::withAge(
                        entry.metricsVerdict, record.pushAgeSeconds, staleAfterSeconds);
                    reading.records.append(record);
                }
            }
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0)
        loop.exec();
    return readings;
}

} // namespace pushscope
