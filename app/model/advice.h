#pragma once

#include "gateway/snapshot.h"
#include "model/cadence.h"
#include "prometheus/timeseries.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pushscope {

// What a Prometheus said about one gateway, gathered by gatherAdviceFacts()
// (prometheus/advicefacts.h). Plain data, so the checks below stay pure.
struct PrometheusFacts {
    enum class HonorLabels { Unknown, On, Off };

    bool asked = false; // a Prometheus was given; nothing below is set otherwise
    bool ok = false;    // it answered the targets call; `error` says why not
    QString error;
    QString server;        // its URL, for the evidence
    int activeTargets = 0; // how many it scrapes in all
    bool scraped = false;  // one active target is this gateway
    QString scrapePool;    // that target's scrape config (job_name)
    QString targetJob;     // the target's own job and instance labels
    QString targetInstance;
    QString scrapeUrl;
    HonorLabels honorLabels = HonorLabels::Unknown;
    QString honorLabelsEvidence; // how honorLabels was found, or why it is unknown
    // scrape_samples_scraped of the gateway's target over growthWindowSeconds (empty when
    // not scraped or the query failed; growthError then says why).
    TimeSeries samplesPerScrape;
    double growthWindowSeconds = 0;
    QString growthError;
};

// One gateway as the Advice checks see it.
struct AdviceInput {
    QString gateway;                 // as the operator named it
    QList<Group> groups;             // as last read
    QList<CadenceEstimate> cadences; // per group, same order; empty when none was learned
    double now = 0;                  // Unix seconds on the gateway's clock
    PrometheusFacts prometheus;
};

// Thresholds; the command line and the dialog can change them.
struct AdviceOptions {
    int machineLevelMinGroups = 3; // host-named groups of one job before it is flagged
    double fewMinutesSeconds =
        15 * 60; // a learned cadence this short counts as "every few minutes"
    double unchangedAfterSeconds = 3 * 86400; // no push for this long: the values never changed
    int singlePointMinJobs = 10; // jobs on one gateway before it is a single point of failure
    double growthMinRatio = 1.5; // last / first samples per scrape
    double growthMaxDrop = 0.05; // a fall larger than this share is no "only grows"
    int maxEvidenceLines = 10;   // per finding; the rest is counted
};

enum class AdviceKind {
    MachineLevel,
    Unchanged,
    ScrapeUnchecked,
    NotScraped,
    HonorLabelsOff,
    HonorLabelsUnknown,
    SinglePointOfFailure,
    UnboundedGrowth,
};

enum class AdviceSeverity { Info, Warning, Problem };

struct AdviceFinding {
    QString gateway;
    AdviceKind kind = AdviceKind::Unchanged;
    AdviceSeverity severity = AdviceSeverity::Info;
    QString job;             // the job concerned, empty for a gateway-wide finding
    QString sentence;        // the advice, one or two sentences
    QStringList evidence;    // what it is based on, one line each
    QList<GroupingKey> keys; // the groups concerned (all of them, not clipped)
    // Groups the operator may want to delete: select them in one click.
    bool isCleanupCandidate() const { return kind == AdviceKind::Unchanged; }
};

namespace Advice {

// Every finding for one gateway: gateway-wide ones first, then per job, by job name.
QList<AdviceFinding> check(const AdviceInput &input, const AdviceOptions &options = {});

// The checks one by one (check() runs them all).
QList<AdviceFinding> machineLevel(const AdviceInput &input, const AdviceOptions &options);
QList<AdviceFinding> unchanged(const AdviceInput &input, const AdviceOptions &options);
QList<AdviceFinding> scraping(const AdviceInput &input, const AdviceOptions &options);
QList<AdviceFinding> singlePointOfFailure(const AdviceInput &input, const AdviceOptions &options);
QList<AdviceFinding> growth(const AdviceInput &input, const AdviceOptions &options);

// True for an instance value that names a machine: an IPv4 or IPv6 address, a dotted host
// name (web-1.example.com), "localhost", or one word of letters, digits and hyphens that
// holds a digit (web01, node-3, ip-10-0-0-1); a :port suffix is allowed.
bool looksLikeHostName(const QString &value);

// "machine-level", "unchanged", ... as the JSON output and the tests name them.
QString kindName(AdviceKind kind);
// "info", "warning", "problem".
QString severityName(AdviceSeverity severity);

} // namespace Advice

} // namespace pushscope
