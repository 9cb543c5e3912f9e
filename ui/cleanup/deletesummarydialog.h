#pragma once

#include "cleanup/bulkdeleter.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace pushscope::ui {

// After a delete with problems: the counts in one sentence, then a sortable list of every
// group not deleted (key, gateway by its display name, status, why), resizable, with Copy
// list and a way to Recently deleted. Groups that were deleted are not listed.
class DeleteSummaryDialog : public QDialog
{
    Q_OBJECT

public:
    // `gatewayNames`: endpoint text -> display name (the URL is shown where there is none).
    DeleteSummaryDialog(const QString &summary, const QString &journalError,
                        const QList<DeleteOutcome> &outcomes,
                        const QHash<QString, QString> &gatewayNames, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QLabel *headline() const { return m_headline; }
    QPushButton *recentlyDeletedButton() const { return m_recentlyDeleted; }
    // The list as tab-separated lines with a header line, in the order shown.
    QString listText() const;

signals:
    void recentlyDeletedRequested();

private:
    QLabel *m_headline = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_recentlyDeleted = nullptr;
};

} // namespace pushscope::ui
