#include "pushsimulator.h"

#include <QDateTime>
#include <QTimer>

namespace pushscope {

GroupingKey SimulatedJob::key() const
{
    Labels all = labels;
    all.append({QStringLiteral("job"), name});
    return GroupingKey(all);
}

PushSimulator::PushSimulator(const GatewayEndpoint &gateway, QObject *parent)
    : QObject(parent)
    , m_client(gateway)
    , m_random(QRandomGenerator::securelySeeded())
{
    m_client.setTimeout(std::chrono::seconds(10));
}

PushSimulator::~PushSimulator()
{
    stop();
}

QList<SimulatedJob> PushSimulator::demoJobs(std::chrono::milliseconds interval)
{
    using Method = GatewayClient::PushMethod;
    QList<SimulatedJob> jobs;

    SimulatedJob steady;
    steady.name = QStringLiteral("demo_steady");
    steady.labels = {{QStringLiteral("instance"), QStringLiteral("worker-1")}};
    steady.interval = interval;
    jobs.append(steady);

    SimulatedJob flaky;
    flaky.name = QStringLiteral("demo_flaky");
    flaky.labels = {{QStringLiteral("instance"), QStringLiteral("worker-2")}};
    flaky.interval = interval;
    flaky.method = Method::Post; // the last success timestamp survives failed runs
    flaky.failureRate = 0.3;
    flaky.failureMode = SimulatedJob::FailureMode::Reject;
    jobs.append(flaky);

    SimulatedJob once;
    once.name = QStringLiteral("demo_stops");
    once.labels = {{QStringLiteral("instance"), QStringLiteral("worker-3")}};
    once.interval = interval;
    // Enough runs for the window to learn its cadence on 5 s polls (even with a run missed
    // between two polls), then silent for good: late after two intervals, stale later.
    once.runLimit = 6;
    jobs.append(once);

    SimulatedJob tricky;
    tricky.name = QStringLiteral("demo_tricky");
    tricky.labels = {{QStringLiteral("path"), QStringLiteral("/var/tmp")},
                     {QStringLiteral("shard"), QString()},
                     {QStringLiteral("site"), QStringLiteral("Zürich-東京")}};
    tricky.interval = interval;
    tricky.method = Method::Post;
    tricky.failureRate = 0.2; // fails without a new success timestamp
    jobs.append(tricky);
    return jobs;
}

void PushSimulator::setJobs(const QList<SimulatedJob> &jobs)
{
    const bool wasRunning = m_running;
    stop();
    m_jobs = jobs;
    m_states = QList<JobState>(jobs.size());
    if (wasRunning)
        start();
}

void PushSimulator::start()
{
    if (m_running)
        return;
    m_running = true;
    for (int i = 0; i < m_jobs.size(); ++i) {
        JobState &state = m_states[i];
        if (m_jobs.at(i).runLimit > 0 && state.runs >= m_jobs.at(i).runLimit)
            continue;
        state.timer = new QTimer(this);
        state.timer->setInterval(m_jobs.at(i).interval);
        connect(state.timer, &QTimer::timeout, this, [this, i] { runJob(i); });
        state.timer->start();
        runJob(i);
    }
}

void PushSimulator::stop()
{
    m_running = false;
    for (JobState &state : m_states) {
        if (state.timer) {
            state.timer->stop();
            state.timer->deleteLater(); // stop() may run inside the timer's own signal
            state.timer = nullptr;
        }
    }
    m_client.abortAll();
}

int PushSimulator::runCount(int jobIndex) const
{
    return jobIndex >= 0 && jobIndex < m_states.size() ? m_states.at(jobIndex).runs : 0;
}

QByteArray PushSimulator::runText(double processedTotal, double durationSeconds,
                                  qint64 successUnixTime, bool reject)
{
    QByteArray text = QByteArrayLiteral("# HELP processed_items Items processed by the job.\n"
                                        "# TYPE processed_items counter\n");
    text += "processed_items " + QByteArray::number(processedTotal, 'g', 15) + '\n';
    // The same series twice: the gateway's consistency check rejects the push with 400
    // and records a failed push for the group.
    if (reject)
        text += "processed_items " + QByteArray::number(processedTotal + 1, 'g', 15) + '\n';
    text += QByteArrayLiteral("# HELP job_duration_seconds How long the last run took.\n"
                              "# TYPE job_duration_seconds gauge\n");
    text += "job_duration_seconds " + QByteArray::number(durationSeconds, 'f', 3) + '\n';
    if (successUnixTime > 0) {
        text += QByteArrayLiteral(
            "# HELP job_last_success_unixtime When the job last succeeded (Unix time).\n"
            "# TYPE job_last_success_unixtime gauge\n");
        text += "job_last_success_unixtime " + QByteArray::number(successUnixTime) + '\n';
    }
    return text;
}

void PushSimulator::runJob(int index)
{
    if (!m_running || index < 0 || index >= m_jobs.size())
        return;
    const SimulatedJob &job = m_jobs.at(index);
    JobState &state = m_states[index];
    const int run = ++state.runs;
    state.processed += 50 + m_random.bounded(100);
    const bool failed = job.failureRate > 0 && m_random.generateDouble() < job.failureRate;
    const bool reject = failed && job.failureMode == SimulatedJob::FailureMode::Reject;
    const double duration = 0.5 + m_random.generateDouble() * 2.0;
    const qint64 successTime = failed ? 0 : QDateTime::currentSecsSinceEpoch();
    const QByteArray text = runText(state.processed, duration, successTime, reject);

    const QString name = job.name;
    const GroupingKey key = job.key();
    m_client.push(
        key, text, job.method, [this, name, key, run, failed, reject](const PushResult &r) {
            const bool accepted = r.ok;
            if (!accepted) {
                const QString why = reject
                                        ? QStringLiteral("run %1 failed on purpose and the gateway "
                                                         "rejected its inconsistent push")
                                              .arg(run)
                                        : QStringLiteral("run %1 could not be pushed").arg(run);
                Q_EMIT pushError(QStringLiteral("Job %1 %2: %3").arg(key.toString(), why, r.error));
            }
            Q_EMIT runPushed(name, run, !failed, accepted);
        });

    if (job.runLimit > 0 && run >= job.runLimit) {
        if (state.timer) {
            state.timer->stop();
            state.timer->deleteLater();
            state.timer = nullptr;
        }
        Q_EMIT jobFinished(name);
    }
}

} // namespace pushscope
