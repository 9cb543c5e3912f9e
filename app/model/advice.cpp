#include "advice.h"

#include "model/duration.h"

#include <QHostAddress>
#include <QMap>
#include <QRegularExpression>
#include <algorithm>

// The per-group checks: machine-level jobs and groups whose values never change. The
// gateway-wide ones (scraping, single point of failure, growth) are in advicegateway.cpp.

namespace pushscope {

namespace {

const QString kInstance = QStringLiteral("instance");

QString quoted(const QString &text)
{
    return quoteLabelValue(text);
}

// "a, b, c and 4 more"
QString listSome(const QStringList &items, int max)
{
    QStringList shown = items.mid(0, max);
    QString text = shown.join(QStringLiteral(", "));
    if (items.size() > max)
        text += QStringLiteral(" and %1 more").arg(items.size() - max);
    return text;
}

// A dotted-quad IPv4 or an IPv6 address; QHostAddress alone also takes "3" or "1.2.3".
bool isAddress(const QString &text)
{
    static const QRegularExpression quad(QStringLiteral("^\\d{1,3}(\\.\\d{1,3}){3}$"));
    if (!quad.match(text).hasMatch() && !text.contains(QLatin1Char(':')))
        return false;
    QHostAddress address;
    return address.setAddress(text);
}

} // namespace

namespace Advice {

bool looksLikeHostName(const QString &value)
{
    QString host = value.trimmed();
    if (host.isEmpty() || host.size() > 253)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.contains(QLatin1Char(']'))) // [::1]:9100
        host = host.mid(1, host.indexOf(QLatin1Char(']')) - 1);
    if (isAddress(host))
        return true;
    static const QRegularExpression port(QStringLiteral(":\\d{1,5}$"));
    host.remove(port);
    if (isAddress(host))
        return true;
    host = host.toLower();
    if (host == u"localhost")
        return true;
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"));
    const QStringList labels = host.split(QLatin1Char('.'));
    for (const QString &part : labels) {
        if (!label.match(part).hasMatch())
            return false;
    }
    if (labels.size() >= 2) // a dotted name whose last part is no number: web-1.example.com
        return labels.last().contains(QRegularExpression(QStringLiteral("[a-z]")));
    // One word: a machine name holds a digit (web01, node-3); "batch" or "primary" does not.
    return host.contains(QRegularExpression(QStringLiteral("[0-9]"))) &&
           host.contains(QRegularExpression(QStringLiteral("^[a-z]")));
}

QString kindName(AdviceKind kind)
{
    switch (kind) {
    case AdviceKind::MachineLevel:
        return QStringLiteral("machine-level");
    case AdviceKind::Unchanged:
        return QStringLiteral("unchanged");
    case AdviceKind::ScrapeUnchecked:
        return QStringLiteral("scrape-unchecked");
    case AdviceKind::NotScraped:
        return QStringLiteral("not-scraped");
    case AdviceKind::HonorLabelsOff:
        return QStringLiteral("honor-labels-off");
    case AdviceKind::HonorLabelsUnknown:
        return QStringLiteral("honor-labels-unknown");
    case AdviceKind::SinglePointOfFailure:
        return QStringLiteral("single-point-of-failure");
    case AdviceKind::UnboundedGrowth:
        return QStringLiteral("unbounded-growth");
    }
    return {};
}

QString severityName(AdviceSeverity severity)
{
    switch (severity) {
    case AdviceSeverity::Info:
        return QStringLiteral("info");
    case AdviceSeverity::Warning:
        return QStringLiteral("warning");
    case AdviceSeverity::Problem:
        return QStringLiteral("problem");
    }
    return {};
}

// A job whose groups are told apart by an `instance` that names a machine, several of them:
// a per-host cron job, which the Pushgateway's documentation sends to the node exporter's
// textfile collector. The cadence, when learned, is evidence ("every few minutes"); one
// reading learns none, and the finding says so.
QList<AdviceFinding> machineLevel(const AdviceInput &input, const AdviceOptions &options)
{
    QMap<QString, QList<int>> hostGroupsByJob; // job -> group indices, sorted by job
    QMap<QString, int> groupsByJob;
    for (int i = 0; i < input.groups.size(); ++i) {
        const GroupingKey &key = input.groups.at(i).key;
        ++groupsByJob[key.job()];
        if (key.contains(kInstance) && looksLikeHostName(key.value(kInstance)))
            hostGroupsByJob[key.job()].append(i);
    }
    QList<AdviceFinding> findings;
    for (auto it = hostGroupsByJob.cbegin(); it != hostGroupsByJob.cend(); ++it) {
        const QList<int> &indices = it.value();
        const int all = groupsByJob.value(it.key());
        if (indices.size() < options.machineLevelMinGroups || indices.size() * 2 < all)
            continue;
        AdviceFinding finding;
        finding.gateway = input.gateway;
        finding.kind = AdviceKind::MachineLevel;
        finding.severity = AdviceSeverity::Warning;
        finding.job = it.key();
        finding.sentence =
            QStringLiteral("Job %1 looks machine-level, not service-level: one group per host. "
                           "Its metrics belong in the node exporter's textfile collector on each "
                           "host, not on a Pushgateway.")
                .arg(quoted(it.key()));
        QStringList hosts;
        int frequent = 0;
        int learned = 0;
        double shortest = 0;
        for (const int i : indices) {
            finding.keys.append(input.groups.at(i).key);
            hosts.append(input.groups.at(i).key.value(kInstance));
            const CadenceEstimate cadence = input.cadences.value(i);
            if (cadence.kind == CadenceEstimate::Kind::Regular ||
                cadence.kind == CadenceEstimate::Kind::Irregular) {
                ++learned;
                if (cadence.intervalSeconds <= options.fewMinutesSeconds)
                    ++frequent;
                if (shortest == 0 || cadence.intervalSeconds < shortest)
                    shortest = cadence.intervalSeconds;
            }
        }
        std::sort(hosts.begin(), hosts.end());
        finding.evidence.append(
            QStringLiteral("%1 of its %2 group(s) have a host name as instance: %3.")
                .arg(indices.size())
                .arg(all)
                .arg(listSome(hosts, options.maxEvidenceLines)));
        if (frequent > 0)
            finding.evidence.append(
                QStringLiteral("%1 of them are pushed every few minutes (the shortest learned "
                               "interval is %2).")
                    .arg(frequent)
                    .arg(formatDuration(shortest)));
        else if (learned > 0)
            finding.evidence.append(
                QStringLiteral("None of them is pushed more often than every %1 (shortest "
                               "learned interval %2).")
                    .arg(formatDuration(options.fewMinutesSeconds), formatDuration(shortest)));
        else
            finding.evidence.append(QStringLiteral(
                "Push cadence not known: it takes a few polls to learn (one reading shows only "
                "the last push)."));
        findings.append(finding);
    }
    return findings;
}

// Groups not pushed for unchangedAfterSeconds. A group's values change only when it is
// pushed, so the push age is exactly how long the gateway has served the same values. What
// a reading cannot tell: whether the group was pushed once or many times before (the
// gateway keeps no push history), or whether recent pushes repeated the same values.
QList<AdviceFinding> unchanged(const AdviceInput &input, const AdviceOptions &options)
{
    struct Old {
        int index;
        double age;
    };
    QList<Old> old;
    for (int i = 0; i < input.groups.size(); ++i) {
        const double last = input.groups.at(i).lastActivityTime();
        if (last > 0 && input.now - last >= options.unchangedAfterSeconds)
            old.append({i, input.now - last});
    }
    if (old.isEmpty())
        return {};
    std::sort(old.begin(), old.end(), [](const Old &a, const Old &b) { return a.age > b.age; });
    AdviceFinding finding;
    finding.gateway = input.gateway;
    finding.kind = AdviceKind::Unchanged;
    finding.severity = AdviceSeverity::Warning;
    finding.sentence =
        QStringLiteral("%1 group(s) have not been pushed for %2 or more: the gateway keeps "
                       "exposing their last values unchanged, and Prometheus keeps ingesting "
                       "them as if fresh. Candidates for cleanup: delete the ones whose job is "
                       "gone.")
            .arg(old.size())
            .arg(formatDuration(options.unchangedAfterSeconds));
    int once = 0;
    for (const Old &entry : std::as_const(old)) {
        const Group &group = input.groups.at(entry.index);
        finding.keys.append(group.key);
        if (input.cadences.value(entry.index).kind == CadenceEstimate::Kind::Once)
            ++once;
        if (finding.evidence.size() < options.maxEvidenceLines)
            finding.evidence.append(
                QStringLiteral("%1: last %2 at %3, %4 ago.")
                    .arg(group.key.toString(),
                         group.pushTime > 0 ? QStringLiteral("pushed")
                                            : QStringLiteral("push attempt (failed)"),
                         formatUnixTime(group.lastActivityTime()), formatAge(entry.age)));
    }
    if (old.size() > options.maxEvidenceLines)
        finding.evidence.append(
            QStringLiteral("… and %1 more.").arg(old.size() - options.maxEvidenceLines));
    if (once > 0)
        finding.evidence.append(
            QStringLiteral("%1 of them were seen pushed once only while PushScope watched.")
                .arg(once));
    finding.evidence.append(QStringLiteral(
        "Measured from push_time_seconds: values change only with a push. The gateway keeps no "
        "push history, so a group pushed once long ago and one pushed often until then look "
        "alike."));
    return {finding};
}

QList<AdviceFinding> check(const AdviceInput &input, const AdviceOptions &options)
{
    QList<AdviceFinding> findings = scraping(input, options);
    findings += singlePointOfFailure(input, options);
    findings += growth(input, options);
    findings += unchanged(input, options);
    findings += machineLevel(input, options);
    return findings;
}

} // namespace Advice

} // namespace pushscope
