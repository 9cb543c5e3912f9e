#pragma once

#include "clockoffset.h"
#include "outcome.h"
#include "preparedsnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QTimer>
#include <array>
#include <functional>
#include <optional>

namespace pushscope {

// One row per (gateway, grouping key). Each poll is merged by key with row inserts,
// removals and dataChanged, never a reset, so selection, sorting and scrolling survive.
// Push ages tick every second between polls, measured against each gateway's clock.
class GroupTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        JobColumn,
        LabelsColumn,
        OutcomeColumn,
        AgeColumn,
        LastPushColumn,
        LastFailureColumn,
        FamiliesColumn,
        GatewayColumn,
        CadenceColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting
        OutcomeRole,                 // int(pushscope::Outcome)
        OutOfDateRole,               // bool: the gateway's last poll failed
        GatewayIndexRole,            // int
        GroupingKeyRole,             // QString, PromQL-style
        AgeSecondsRole,              // double, -1 = never pushed
        AmbiguousKeyRole,            // bool
    };
    using LocalClock = std::function<qint64()>; // epoch milliseconds

    explicit GroupTableModel(QObject *parent = nullptr);

    void setLocalClock(LocalClock clock) { m_localClock = std::move(clock); }
    void setTicking(bool ticking);
    // Recomputes ages and stale and late outcomes; called every second while ticking.
    void tick();

    int addGateway(const QString &name);
    int gatewayCount() const { return int(m_gateways.size()); }
    QString gatewayName(int gateway) const { return m_gateways.value(gateway).name; }
    void setGatewayName(int gateway, const QString &name);
    bool isGatewayOutOfDate(int gateway) const { return m_gateways.value(gateway).outOfDate; }
    QString gatewayError(int gateway) const { return m_gateways.value(gateway).error; }

    // Merges a gateway's latest groups. `clockOffsetSeconds` is the gateway clock minus ours.
    void applySnapshot(int gateway, const PreparedSnapshot &snapshot, double clockOffsetSeconds);
    void applySnapshot(int gateway, const Snapshot &snapshot, double clockOffsetSeconds);
    // Keeps the gateway's rows but marks them out of date with the reason.
    void markGatewayFailed(int gateway, const QString &error);

    // The stale threshold of every gateway without its own.
    void setStaleAfter(double seconds);
    double staleAfter() const { return m_staleAfterSeconds; }
    // A gateway's own stale threshold; nullopt returns it to the common one.
    void setGatewayStaleAfter(int gateway, std::optional<double> seconds);
    double staleAfter(int gateway) const;
    // Late after this many learned intervals (plus the jitter) without a push.
    void setLateFactor(double factor);
    double lateFactor() const { return m_lateFactor; }

    const Group &groupAt(int row) const { return m_rows.at(row).group; }
    int gatewayAt(int row) const { return m_rows.at(row).gateway; }
    double ageAt(int row) const;
    Verdict verdictAt(int row) const;
    // How often the group is pushed, learned from the push times seen on this model's polls
    // and any seeded from elsewhere.
    const CadenceEstimate &cadenceAt(int row) const { return m_rows.at(row).cadence; }
    // Push times learned elsewhere (a Prometheus' history of push_time_seconds), by group id
    // (GroupingKey::id): merged into the gateway's rows at once, and kept for groups that a
    // later poll brings (the first poll may not have landed yet). Replaces earlier seeds.
    void seedPushTimes(int gateway, QHash<QString, QList<double>> pushTimesById);
    int pendingSeedCount(int gateway) const
    {
        return int(m_gateways.value(gateway).seededPushTimes.size());
    }
    bool isOutOfDate(int row) const { return m_gateways.at(m_rows.at(row).gateway).outOfDate; }
    int rowOf(int gateway, const GroupingKey &key) const;
    // Number of rows per Outcome, in enum order; of one gateway, or of all when -1.
    OutcomeCounts outcomeCounts(int gateway = -1) const;
    // The same for every gateway at once (indexed by gateway), in one pass over the rows.
    QList<OutcomeCounts> outcomeCountsByGateway() const;

    // Optional columns after ColumnCount, one per grouping label other than job, showing
    // each row's value of that label (see labelcolumns.cpp).
    void setLabelColumns(const QStringList &labels);
    const QStringList &labelColumns() const { return m_labelColumns; }
    int labelColumnOf(const QString &label) const;
    // Grouping labels other than job in the current rows, in natural order.
    QStringList groupingLabels() const;

    // The value the table sorts a column by, without a QVariant (grouptablemodelsort.cpp):
    // text for the job, labels, gateway and label columns, a number for the others.
    static bool isTextColumn(int column);
    double sortNumber(int row, int column) const;
    QString sortText(int row, int column) const;
    // The job and the labels' text, by reference: every tie of a sort compares them.
    const QString &jobAt(int row) const { return m_rows.at(row).job; }
    const QString &labelsTextAt(int row) const { return m_rows.at(row).labelsText; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // Outcome counts or a gateway's state changed.
    void summaryChanged();
    // Every second: ages (Age column, reasons, tooltips) moved on with the clock. Announced
    // this way, not as a dataChanged over every row: QSortFilterProxyModel answers one that
    // spans its sort column by re-sorting and re-filtering every row, whatever the roles
    // (~100 ms at 50,000 rows). Views repaint; an outcome that flips is still a dataChanged.
    void agesAdvanced();
    // These rows are about to go (a poll no longer lists them), however they are announced:
    // as removed rows, or, when many go at once, as one layout change.
    void rowsAboutToGo(const QList<int> &rows);
    void rowsGone(); // after they went, either way

private:
    struct Row {
        int gateway = 0;
        Group group;
        QString id;
        Verdict metricsVerdict;
        QString labelsText;
        QString job;                        // group.key.job(), which searches the labels
        Outcome outcome = Outcome::Unknown; // with age and cadence applied
        QList<double> pushTimes;            // distinct, seen on polls (Cadence::recordPushTime)
        CadenceEstimate cadence;
    };
    struct GatewayState {
        QString name;
        double clockOffsetSeconds = 0;
        bool outOfDate = false;
        QString error;
        std::optional<double> staleAfterSeconds;
        quint64 mergedSerial = 0;                      // PreparedSnapshot::serial of the last merge
        QHash<QString, QList<double>> seededPushTimes; // for groups not (yet) in the rows
    };

    static constexpr int kMaxChangedRuns = 16;

    double gatewayNow(int gateway) const;
    Outcome computeOutcome(const Row &row) const;
    static void learnCadence(Row *row);
    static bool recordSeed(Row *row, const QList<double> &pushTimes);
    void emitRowRanges(const QList<int> &rows, const QList<int> &roles);
    void rebuildIndex();
    void eraseRows(QList<int> rows);
    static constexpr int kLayoutRemovalRows = 256;
    void eraseRowRuns(QList<int> rows); // one beginRemoveRows() per run of rows
    void eraseRowsInOneLayoutChange(const QList<int> &rows);
    void appendRows(int gateway, const QList<const PreparedGroup *> &added);
    QString rowKey(int gateway, const QString &id) const;
    QVariant labelColumnData(int row, int labelColumn, int role) const;
    QVariant labelHeaderData(int labelColumn, int role) const;

    QList<Row> m_rows;
    QList<GatewayState> m_gateways;
    QHash<QString, int> m_rowById; // gateway-qualified id -> row
    double m_staleAfterSeconds = 3600;
    double m_lateFactor = OutcomeRules::kDefaultLateFactor;
    LocalClock m_localClock;
    QTimer m_ticker;
    QStringList m_labelColumns;
};

} // namespace pushscope
