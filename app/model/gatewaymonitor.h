#pragma once

#include "gateway/gatewaypoller.h"
#include "grouptablemodel.h"
#include "samplehistory.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <memory>
#include <optional>

namespace pushscope {

// How to poll one gateway.
struct GatewaySetup {
    GatewayEndpoint endpoint;
    QString name; // display name; the URL when empty
    std::chrono::milliseconds interval{5000};
    std::chrono::milliseconds timeout{10000};
    bool readOnly = false;
    std::optional<double> staleAfterSeconds; // the model's common threshold when empty
    HttpConfig http;
};

// What the window shows about one gateway's polling.
struct GatewayPollState {
    QString name;
    QString url;
    bool readOnly = false;             // never DELETE from (or restore to) this gateway
    bool insecureTls = false;          // certificate verification is off for this gateway
    bool plainTextCredentials = false; // credentials sent over http://
    bool polling = false;
    bool paused = false;
    bool ok = false;     // the last completed poll succeeded
    bool everOk = false; // some poll has succeeded
    QString error;       // the last poll's error sentence
    // Why the gateway's clock (its Date header) is not believed, e.g. "its clock is 30 days
    // ahead of this computer (...)"; empty while it is. Ages then use this computer's clock.
    QString clockWarning;
    QDateTime lastPollAt; // when the last poll completed (local time)
    QDateTime lastSuccessAt;
    qint64 latencyMs = 0;
    qint64 replyBytes = 0;
    qint64 parseMs = 0;   // off the GUI thread
    qint64 prepareMs = 0; // off the GUI thread
    qint64 mergeMs = 0;   // on the GUI thread
    int groups = 0;
    QString version;
    std::optional<bool> adminApiEnabled; // from /api/v1/status; unknown until it answers
};

// Polls any number of gateways, each on its own cadence, and keeps one GroupTableModel up
// to date. Parsing and preparation run on the thread pool; only the merge runs here.
class GatewayMonitor : public QObject
{
    Q_OBJECT

public:
    explicit GatewayMonitor(QObject *parent = nullptr);
    ~GatewayMonitor() override;

    GroupTableModel *model() { return &m_model; }
    // Values of the re-pushed groups, recorded after each applied poll.
    SampleHistory *history() { return &m_history; }
    // A gateway added after start() starts polling at once.
    int addGateway(const GatewaySetup &setup);
    int addGateway(const GatewayEndpoint &endpoint, std::chrono::milliseconds interval,
                   std::chrono::milliseconds timeout, bool readOnly = false);
    // Points an existing entry at another gateway (e.g. the demo sandbox started again on
    // new ports): its rows go, its state starts afresh, its index stays.
    void retargetGateway(int gateway, const GatewaySetup &setup);
    int gatewayCount() const { return int(m_gateways.size()); }
    const GatewayPollState &state(int gateway) const { return m_gateways.at(gateway)->state; }
    GatewayPoller *poller(int gateway) { return m_gateways.at(gateway)->poller.get(); }

    void start();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void refreshAll();

signals:
    void gatewayAdded(int gateway);
    void gatewayChanged(int gateway);
    // A poll's result has been merged into the model (or marked failed).
    void pollApplied(int gateway);

private:
    struct Gateway {
        std::unique_ptr<GatewayPoller> poller;
        GatewayPollState state;
        quint64 applySequence = 0;
        std::shared_ptr<const PreparedSnapshot> lastPrepared;
        bool statusKnown = false; // /api/v1/status has answered once
        int pollsSinceStatusAsked = 0;
    };
    void onPollFinished(int gateway, const MetricsResult &result);
    void setUp(int gateway, const GatewaySetup &setup);
    void startGateway(int gateway);
    // Version and admin API state. Until it has answered, asked again after a good poll
    // that follows a whole poll without an answer (it was down, or the request was aborted).
    void fetchStatus(int gateway);

    GroupTableModel m_model;
    SampleHistory m_history;
    QList<std::shared_ptr<Gateway>> m_gateways;
    bool m_paused = false;
    bool m_started = false;
};

} // namespace pushscope
