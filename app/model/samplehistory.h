#pragma once

#include "gateway/snapshot.h"
#include "prometheus/timeseries.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

class QSettings;

namespace pushscope {

struct PreparedSnapshot;

// PushScope's own history of pushed values, for when no Prometheus is configured or it
// is down. Each counter, gauge and untyped sample becomes one series keyed by gateway,
// grouping key, family and sample labels; a point (push time, value) is added only when
// the group's push time moved, so polling an unchanged gateway records nothing.
//
// Memory is bounded twice: every series is a ring buffer of at most pointsPerSeries()
// points, and at most maxSeries() series are kept. When a new series finds the cap reached,
// the least recently updated series are dropped (down to 90 % of the cap, so eviction runs
// rarely); new series that still do not fit are skipped until their group is pushed again.
class SampleHistory
{
public:
    static constexpr int kDefaultPointsPerSeries = 720;
    static constexpr int kDefaultMaxSeries = 2000;
    // The bounds of the settings below (a value outside is clamped).
    static constexpr int kMinPointsPerSeries = 10;
    static constexpr int kMaxPointsPerSeries = 100000;
    static constexpr int kMinSeries = 10;
    static constexpr int kMaxSeries = 100000;
    // QSettings keys, read by readSettings() at start-up.
    static constexpr char kPointsPerSeriesKey[] = "history/pointsPerSeries";
    static constexpr char kMaxSeriesKey[] = "history/maxSeries";

    SampleHistory() = default;

    // Applies history/pointsPerSeries and history/maxSeries, clamped to the bounds above;
    // a missing or malformed value means the default.
    void readSettings(const QSettings &settings);

    void setPointsPerSeries(int points);
    int pointsPerSeries() const { return m_pointsPerSeries; }
    void setMaxSeries(int series);
    int maxSeries() const { return m_maxSeries; }

    // Records the re-pushed groups of one gateway's snapshot. Cheap for unchanged
    // groups: one hash lookup each.
    void record(int gateway, const PreparedSnapshot &snapshot);
    void record(int gateway, const Snapshot &snapshot);

    // The series of one family in one group, sorted by labels; empty if none.
    QList<TimeSeries> history(int gateway, const GroupingKey &key, const QString &family) const;

    int seriesCount() const { return m_seriesCount; }
    qint64 pointCount() const;
    // A rough count of the bytes held by the points and keys.
    qint64 bytesHeld() const;
    // When the first point was recorded (invalid until then).
    QDateTime recordingSince() const { return m_since; }
    void clear();

private:
    struct Series {
        Labels labels;
        QList<QPair<double, double>> ring; // grows up to the capacity, then wraps
        int head = 0;                      // the oldest point once the ring is full
        quint64 stamp = 0;                 // update order, for eviction
        void append(double time, double value, int capacity);
        QList<QPair<double, double>> points() const; // oldest first
        void setCapacity(int capacity);
    };
    // family -> sample labels key -> series
    using Families = QHash<QString, QHash<QString, Series>>;
    struct GroupHistory {
        double lastPushTime = -1;
        Families families;
    };

    // False when a new series did not fit under the cap.
    bool recordGroup(int gateway, const QString &id, const Group &group, bool retry = false);
    void evict();

    struct GroupId {
        int gateway = 0;
        QString id; // GroupingKey::id(), shared with the snapshot: no copy of the text
        friend bool operator==(const GroupId &a, const GroupId &b)
        {
            return a.gateway == b.gateway && a.id == b.id;
        }
        friend size_t qHash(const GroupId &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.gateway, key.id);
        }
    };
    QHash<GroupId, GroupHistory> m_groups;
    QHash<int, quint64> m_recordedSerial; // gateway -> PreparedSnapshot::serial recorded last
    int m_pointsPerSeries = kDefaultPointsPerSeries;
    int m_maxSeries = kDefaultMaxSeries;
    int m_seriesCount = 0;
    quint64 m_stamp = 0;
    QDateTime m_since;
};

} // namespace pushscope
