#include "gatewaylistmodel.h"

#include "gatewaymonitor.h"
#include "prometheus/scrapehealthmonitor.h"

namespace pushscope {

GatewayListModel::GatewayListModel(GatewayMonitor *monitor, ScrapeHealthMonitor *health,
                                   QObject *parent)
    : QAbstractListModel(parent)
    , m_monitor(monitor)
    , m_health(health)
    , m_rows(monitor->gatewayCount() + 1)
{
    connect(monitor, &GatewayMonitor::gatewayAdded, this, [this](int gateway) {
        if (rowOf(gateway) < m_rows)
            return;
        beginInsertRows({}, m_rows, rowOf(gateway));
        m_rows = rowOf(gateway) + 1;
        recount();
        endInsertRows();
        gatewayChanged(-1);
    });
    connect(monitor, &GatewayMonitor::gatewayChanged, this, &GatewayListModel::gatewayChanged);
    connect(monitor->model(), &GroupTableModel::summaryChanged, this, [this] {
        recount();
        emit dataChanged(index(0), index(m_rows - 1));
    });
    recount();
    if (health)
        connect(health, &ScrapeHealthMonitor::healthChanged, this,
                &GatewayListModel::gatewayChanged);
}

void GatewayListModel::gatewayChanged(int gateway)
{
    if (rowOf(gateway) < m_rows)
        emit dataChanged(index(rowOf(gateway)), index(rowOf(gateway)));
    if (gateway >= 0)
        emit dataChanged(index(0), index(0)); // the "All gateways" totals
}

int GatewayListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

GatewayListModel::Status GatewayListModel::status(int gateway) const
{
    if (gateway < 0) { // the worst of all
        Status worst = Status::Ok;
        for (int i = 0; i < m_monitor->gatewayCount(); ++i) {
            const Status s = status(i);
            if (s == Status::Error)
                return s;
            if (s != Status::Ok)
                worst = s;
        }
        return worst;
    }
    const GatewayPollState &state = m_monitor->state(gateway);
    if (state.paused)
        return Status::Paused;
    if (state.lastPollAt.isValid() && !state.ok)
        return Status::Error;
    if (state.polling && !state.lastPollAt.isValid())
        return Status::Polling;
    if (!state.lastPollAt.isValid())
        return Status::Waiting;
    return Status::Ok;
}

void GatewayListModel::recount()
{
    m_counts = m_monitor->model()->outcomeCountsByGateway();
    OutcomeCounts all{};
    for (const OutcomeCounts &one : std::as_const(m_counts))
        for (size_t i = 0; i < all.size(); ++i)
            all[i] += one[i];
    m_counts.prepend(all); // index 0: "All gateways", like the rows
    const GroupTableModel *table = m_monitor->model();
    m_unsupportedFamilies = QList<int>(table->gatewayCount(), 0);
    for (int row = 0; row < table->rowCount(); ++row)
        m_unsupportedFamilies[table->gatewayAt(row)] +=
            int(table->groupAt(row).unsupportedFamilies.size());
}

QString GatewayListModel::countsText(int gateway) const
{
    const OutcomeCounts counts = m_counts.value(rowOf(gateway));
    int total = 0;
    for (int count : counts)
        total += count;
    // A number and its word never part at a line break (U+00A0 between them).
    QStringList parts{total == 1 ? tr("1\u00a0group") : tr("%1\u00a0groups").arg(total)};
    const QStringList names{tr("failed"), tr("stale"), tr("late"), tr("unknown"), tr("ok")};
    static_assert(kOutcomeCount == 5, "one name per Outcome");
    // Outcome order: Failed, Stale, Late, Unknown, Success (see outcome.h); zeros are left out,
    // and so are the successful ones.
    for (int i = 0; i < int(Outcome::Success); ++i) {
        if (counts[size_t(i)] > 0)
            parts << QStringLiteral("%1\u00a0%2").arg(counts[size_t(i)]).arg(names.at(i));
    }
    return parts.join(QStringLiteral(" · "));
}

QString GatewayListModel::detail(int gateway) const
{
    if (gateway < 0)
        return countsText(-1);
    const GatewayPollState &state = m_monitor->state(gateway);
    QStringList parts;
    if (!state.version.isEmpty())
        parts << tr("v%1").arg(state.version);
    if (state.lastPollAt.isValid() && state.ok) // a refused poll's latency says nothing
        parts << (state.latencyMs < 1 ? tr("<1\u00a0ms") : tr("%1\u00a0ms").arg(state.latencyMs));
    if (state.readOnly)
        parts << tr("read-only");
    if (state.adminApiEnabled.value_or(false)) // off is the default and harmless
        parts << tr("admin API on");
    parts << countsText(gateway);
    if (const int unsupported = m_unsupportedFamilies.value(gateway); unsupported > 0)
        parts << (unsupported == 1 ? tr("1\u00a0family not read")
                                   : tr("%1\u00a0families not read").arg(unsupported));
    if (m_health) { // the good news too: the operator sees the scrape is checked
        const std::optional<ScrapeHealth> health = m_health->health(gateway);
        if (health && health->ok && health->scraped && health->target.health == u"up" &&
            health->honorLabels != ScrapeHealth::HonorLabels::Off)
            parts << tr("scraped, up");
    }
    return parts.join(QStringLiteral(" · "));
}

QString GatewayListModel::warning(int gateway) const
{
    if (gateway < 0)
        return {};
    const GatewayPollState &state = m_monitor->state(gateway);
    QStringList lines;
    if (state.lastPollAt.isValid() && !state.ok)
        lines << state.error;
    if (!state.clockWarning.isEmpty())
        lines << state.clockWarning.left(1).toUpper() + state.clockWarning.mid(1) + u'.';
    if (state.insecureTls)
        lines << tr("TLS certificate verification is off.");
    if (state.plainTextCredentials)
        lines << tr("Credentials go over plain http, readable on the way.");
    if (m_health) {
        const std::optional<ScrapeHealth> health = m_health->health(gateway);
        const bool healthy = health && health->ok && health->scraped &&
                             health->target.health != u"down" &&
                             health->target.lastError.isEmpty() &&
                             health->honorLabels != ScrapeHealth::HonorLabels::Off;
        if (health && !healthy)
            lines << health->verdict;
    }
    return lines.join(QLatin1Char('\n'));
}

QString GatewayListModel::toolTip(int gateway) const
{
    if (gateway < 0)
        return tr("Every watched gateway");
    const GatewayPollState &state = m_monitor->state(gateway);
    QStringList lines{state.url};
    if (state.adminApiEnabled)
        lines << (*state.adminApiEnabled
                      ? tr("Admin API: on (anyone who can reach it can wipe every group)")
                      : tr("Admin API: off (no wipe of every group; deleting one group still "
                           "works)"));
    if (state.readOnly)
        lines << tr("Read-only in PushScope: nothing is deleted here.");
    if (m_unsupportedFamilies.value(gateway) > 0)
        lines << tr("Families not read: of a type or shape PushScope does not know (see the "
                    "group's details); their groups are listed but cannot be backed up.");
    if (m_health) {
        const QUrl prometheus = m_health->prometheusUrl(gateway);
        if (prometheus.isEmpty())
            lines << tr("No Prometheus linked: scrape health unknown.");
        else if (const auto health = m_health->health(gateway))
            lines << tr("%1: %2").arg(prometheus.toDisplayString(QUrl::RemoveUserInfo),
                                      health->verdict);
    }
    const QString warn = warning(gateway);
    if (!warn.isEmpty())
        lines << warn;
    return lines.join(QLatin1Char('\n'));
}

QVariant GatewayListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const int gateway = index.row() - 1;
    switch (role) {
    case Qt::DisplayRole:
        return gateway < 0 ? tr("All gateways") : m_monitor->state(gateway).name;
    case Qt::ToolTipRole:
        return toolTip(gateway);
    case GatewayIndexRole:
        return gateway;
    case StatusRole:
        return int(status(gateway));
    case DetailRole:
        return detail(gateway);
    case WarningRole:
        return warning(gateway);
    default:
        return {};
    }
}

} // namespace pushscope
