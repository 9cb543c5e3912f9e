#pragma once

#include "cleanup/bulkdeleter.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace pushscope::ui {

// One selected row as the confirmation lists it.
struct DeleteCandidate {
    DeleteTarget target; // endpoint, group as last read, outcome before, read-only
    double ageSeconds = -1;
    QString gatewayName; // as the window shows it; the URL when empty (also the tooltip)
    QString skipReason;  // empty: it will be deleted
};

// Asks before deleting: lists every selected group with its gateway, exact grouping key,
// outcome and age, says which ones will be skipped and why, and that a backup is kept.
// Above kTypedConfirmation groups the operator types their number before Delete enables.
// Cancel is the default button.
class DeleteConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kTypedConfirmation = 20;

    explicit DeleteConfirmDialog(const QList<DeleteCandidate> &candidates,
                                 QWidget *parent = nullptr);

    // The targets to hand to BulkDeleter: every listed group, skipped ones included (the
    // deleter refuses read-only and ambiguous targets itself).
    QList<DeleteTarget> targets() const;
    int deleteCount() const { return m_deleteCount; }
    int gatewayCount() const { return m_gatewayCount; }

    QString headline() const;
    QTreeWidget *list() const { return m_list; }
    QLineEdit *countEdit() const { return m_countEdit; }
    QPushButton *deleteButton() const { return m_deleteButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }

private:
    void fillList();
    void updateDeleteButton();

    QList<DeleteCandidate> m_candidates;
    int m_deleteCount = 0;
    int m_gatewayCount = 0;
    QLabel *m_headline = nullptr;
    QTreeWidget *m_list = nullptr;
    QLineEdit *m_countEdit = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

// "1 group" / "3 groups" without needing a translation for the plural.
QString groupCountText(int count);

} // namespace pushscope::ui
