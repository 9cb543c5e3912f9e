#pragma once

#include "gateway/snapshot.h"
#include "model/outcome.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace pushscope::ui {

// Shows one group: its key, gateway, push times, outcome with reason, and every family
// with its samples (histogram buckets and summary quantiles as child rows).
class DetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    void showGroup(const QString &gateway, const Group &group, const Verdict &verdict,
                   double pushAgeSeconds, bool outOfDate);
    void clear();
    QTreeWidget *familyTree() const { return m_tree; }

private:
    QLabel *m_header;
    QTreeWidget *m_tree;
};

} // namespace pushscope::ui
