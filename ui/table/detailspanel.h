#pragma once

#include "gateway/snapshot.h"
#include "model/outcome.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace pushscope::ui {

class ElidedLabel;

// Shows one group: its key, gateway, push times, outcome with reason, and every family
// with its samples (histogram buckets and summary quantiles as child rows).
class DetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    // `cadence` is the learned one ("every 5m ± 10s"); empty leaves the line out.
    void showGroup(const QString &gateway, const Group &group, const Verdict &verdict,
                   double pushAgeSeconds, bool outOfDate, const QString &cadence = {});
    // Several rows selected: no group's details, the count instead and the first
    // kSelectionListed keys with their outcomes.
    struct SelectedGroup {
        QString key;
        Outcome outcome = Outcome::Unknown;
        bool operator==(const SelectedGroup &other) const
        {
            return key == other.key && outcome == other.outcome;
        }
    };
    static constexpr int kSelectionListed = 500;
    void showSelection(int count, const QList<SelectedGroup> &first);
    // The shown group's push age moved on (the table's ages advance every second), and its
    // outcome with it (stale or late between polls); the family tree is left as it is.
    void updateAge(double pushAgeSeconds, const Verdict &verdict);
    void clear();
    QTreeWidget *familyTree() const { return m_tree; }
    // Outcome, reason, push times and notes as shown (rich text).
    QString headerText() const;
    // The key as shown (elided in the middle when it does not fit; the tooltip has it all).
    QString shownKey() const;

private:
    void setTreeColumns(bool groups);
    void setLines(const QString &key, const QString &gateway);
    void renderHeader();

    ElidedLabel *m_key;     // the grouping key, one line, elided in the middle
    ElidedLabel *m_gateway; // "on <gateway>", the same
    QLabel *m_header;       // outcome, reason, push times, notes: wrapped
    QTreeWidget *m_tree;
    // The selection listed, so that a poll that changes none of it keeps the list's scroll.
    int m_selectionCount = 0;
    QList<SelectedGroup> m_selectionListed;
    // What the header is drawn from, kept so that updateAge() can redraw it.
    struct Shown {
        bool valid = false;
        Verdict verdict;
        double pushTime = 0;
        double lastFailureTime = 0;
        double ageSeconds = 0;
        QString cadence;
        bool ambiguousKey = false;
        bool outOfDate = false;
    } m_shown;
};

} // namespace pushscope::ui
