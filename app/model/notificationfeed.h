#pragma once

#include "notificationpolicy.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace pushscope {

class GatewayMonitor;
class GroupTableModel;
class GroupingKey;

// Feeds a NotificationPolicy from the group table (new rows, rows whose outcome may have
// changed on a poll or an age tick, rows that went away) and from the gateways' polls, and
// announces the notices when they are due. Rows of a gateway whose last poll failed are not
// read: their ages grow only because nothing can be read (the gateway's own notice covers
// that), and they are read again, all of them, when a poll succeeds.
class NotificationFeed : public QObject
{
    Q_OBJECT

public:
    explicit NotificationFeed(GroupTableModel *model, NotificationPolicy::Clock clock = {},
                              QObject *parent = nullptr);

    NotificationPolicy *policy() { return &m_policy; }
    // Follows the monitor's polls (pollApplied) and gateway changes (a gateway pointed at
    // another URL starts afresh).
    void watch(GatewayMonitor *monitor);

    void pollFinished(int gateway, bool ok, const QString &error = {});
    void setGatewayEnabled(int gateway, bool enabled);
    // The operator asked to delete these groups: they never notify.
    void operatorDeleting(int gateway, const GroupingKey &key);
    // Announces what is due now and re-arms the timer for what is not.
    void flush();
    // Milliseconds until the timer announces the next notice; -1 when idle.
    int remainingMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }

signals:
    void noticesDue(const QList<pushscope::Notice> &notices);

private:
    void rowsSeen(int first, int last, bool isNew);
    void rowsGoing(const QList<int> &rows);
    void schedule();

    GroupTableModel *m_model;
    NotificationPolicy m_policy;
    QTimer m_timer;
    QHash<int, QString> m_urls; // gateway -> URL it was last seen with
};

} // namespace pushscope
