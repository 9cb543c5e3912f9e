#include "notificationfeed.h"

#include "gatewaymonitor.h"
#include "grouptablemodel.h"

namespace pushscope {

NotificationFeed::NotificationFeed(GroupTableModel *model, NotificationPolicy::Clock clock,
                                   QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_policy(std::move(clock))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NotificationFeed::flush);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { rowsSeen(first, last, true); });
    connect(model, &GroupTableModel::rowsAboutToGo, this, &NotificationFeed::rowsGoing);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                   const QList<int> &roles) {
                // Outcomes change with an empty role list (a poll's merge, an age tick).
                if (roles.isEmpty() || roles.contains(GroupTableModel::OutcomeRole))
                    rowsSeen(topLeft.row(), bottomRight.row(), false);
            });
}

void NotificationFeed::watch(GatewayMonitor *monitor)
{
    auto remember = [this, monitor](int gateway) {
        const QString url = monitor->state(gateway).url;
        const auto known = m_urls.constFind(gateway);
        if (known != m_urls.cend() && *known != url)
            m_policy.resetGateway(gateway);
        m_urls.insert(gateway, url);
    };
    for (int gateway = 0; gateway < monitor->gatewayCount(); ++gateway)
        remember(gateway);
    connect(monitor, &GatewayMonitor::gatewayAdded, this, remember);
    connect(monitor, &GatewayMonitor::gatewayChanged, this, remember);
    connect(monitor, &GatewayMonitor::pollApplied, this, [this, monitor](int gateway) {
        const GatewayPollState &state = monitor->state(gateway);
        pollFinished(gateway, state.ok, state.error);
    });
}

void NotificationFeed::rowsSeen(int first, int last, bool isNew)
{
    int lastGateway = -1; // rows come in runs of one gateway: ask once per run
    bool outOfDate = false;
    for (int row = first; row <= last; ++row) {
        const int gateway = m_model->gatewayAt(row);
        if (gateway != lastGateway) {
            lastGateway = gateway;
            outOfDate = m_model->isGatewayOutOfDate(gateway);
        }
        if (outOfDate)
            continue;
        const auto outcome = Outcome(m_model->index(row, GroupTableModel::OutcomeColumn)
                                         .data(GroupTableModel::OutcomeRole)
                                         .toInt());
        const bool quiet = outcome == Outcome::Success || outcome == Outcome::Unknown;
        if (quiet && !m_policy.tracksGroups(gateway))
            continue; // the common case, without building anything
        const GroupingKey &key = m_model->groupAt(row).key;
        m_policy.groupSeen(gateway, key.id(), key.job(), outcome, isNew);
    }
    schedule();
}

void NotificationFeed::rowsGoing(const QList<int> &rows)
{
    for (int row : rows) {
        const int gateway = m_model->gatewayAt(row);
        if (m_policy.tracksGroups(gateway))
            m_policy.groupGone(gateway, m_model->groupAt(row).key.id());
    }
    schedule();
}

void NotificationFeed::pollFinished(int gateway, bool ok, const QString &error)
{
    m_policy.pollFinished(gateway, ok, error);
    schedule();
}

void NotificationFeed::setGatewayEnabled(int gateway, bool enabled)
{
    m_policy.setGatewayEnabled(gateway, enabled);
    schedule();
}

void NotificationFeed::operatorDeleting(int gateway, const GroupingKey &key)
{
    m_policy.operatorDeleting(gateway, key.id());
    schedule();
}

void NotificationFeed::flush()
{
    for (int gateway = 0; gateway < m_model->gatewayCount(); ++gateway)
        m_policy.setGatewayName(gateway, m_model->gatewayName(gateway));
    const QList<Notice> notices = m_policy.takeDue();
    schedule();
    if (!notices.isEmpty())
        emit noticesDue(notices);
}

void NotificationFeed::schedule()
{
    const qint64 ms = m_policy.msUntilDue();
    if (ms < 0)
        m_timer.stop();
    else
        m_timer.start(int(std::min<qint64>(ms, 24 * 3600 * 1000)));
}

} // namespace pushscope
