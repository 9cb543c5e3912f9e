#pragma once

#include "gateway/gatewayclient.h"
#include "gateway/groupingkey.h"

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <chrono>

class QTimer;

namespace pushscope {

// One simulated batch job: what it pushes, how often, and how it fails.
struct SimulatedJob {
    // What a failed run does: push without a new success timestamp, or push something
    // inconsistent that the gateway rejects (400), so last_push_successful turns false.
    enum class FailureMode { KeepSuccessTime, Reject };

    QString name;  // the job label
    Labels labels; // further grouping labels; values may hold '/', be empty or UTF-8
    std::chrono::milliseconds interval{5000};
    GatewayClient::PushMethod method = GatewayClient::PushMethod::Put;
    double failureRate = 0; // 0..1: the chance that a run fails
    FailureMode failureMode = FailureMode::KeepSuccessTime;
    int runLimit = 0; // > 0: stops for good after this many runs (the group goes late, then stale)

    GroupingKey key() const;
};

// Simulates batch jobs pushing to one Pushgateway. Each run pushes the counter
// processed_items (growing every run), the gauge job_duration_seconds and, on success,
// job_last_success_unixtime. Push errors are reported by pushError(), never fatal.
class PushSimulator : public QObject
{
    Q_OBJECT

public:
    explicit PushSimulator(const GatewayEndpoint &gateway, QObject *parent = nullptr);
    ~PushSimulator() override;

    // The demo set: steady, failing now and then, stopping after 6 runs, tricky labels.
    static QList<SimulatedJob>
    demoJobs(std::chrono::milliseconds interval = std::chrono::seconds(5));

    void setJobs(const QList<SimulatedJob> &jobs);
    const QList<SimulatedJob> &jobs() const { return m_jobs; }
    // Seeds the failure dice, for repeatable runs.
    void setSeed(quint32 seed) { m_random.seed(seed); }

    // Runs every job once at once, then at its interval.
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    int runCount(int jobIndex) const;

    // The exposition text of one run (public for tests).
    static QByteArray runText(double processedTotal, double durationSeconds, qint64 successUnixTime,
                              bool reject);

    // Authentication and TLS for the pushes (the gateway's own).
    void setHttpConfig(const HttpConfig &config) { m_client.setHttpConfig(config); }

Q_SIGNALS:
    // One run was pushed: `succeeded` is the simulated job's outcome, `accepted` whether the
    // gateway stored the push.
    void runPushed(const QString &job, int run, bool succeeded, bool accepted);
    // One sentence about a push the gateway did not take.
    void pushError(const QString &sentence);
    // A job with a run limit made its last run.
    void jobFinished(const QString &job);

private:
    struct JobState {
        int runs = 0;
        double processed = 0;
        QTimer *timer = nullptr;
    };
    void runJob(int index);

    GatewayClient m_client;
    QList<SimulatedJob> m_jobs;
    QList<JobState> m_states;
    QRandomGenerator m_random;
    bool m_running = false;
};

} // namespace pushscope
