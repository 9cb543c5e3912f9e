#pragma once

#include "cleanup/bulkdeleter.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QAction;
class QProgressDialog;
class QTableView;
class QWidget;

namespace pushscope {
class GatewayMonitor;
}

namespace pushscope::ui {

class DeleteConfirmDialog;
class DeleteSummaryDialog;
class RecentlyDeletedDialog;
struct DeleteCandidate;

// The "delete selected groups" flow: the Delete… and Recently deleted… actions, the
// confirmation, a non-modal progress dialog with Cancel, the BulkDeleter with its backup
// journal, and the result summary. Rows are never removed here: they leave the table when
// the next poll no longer reports them.
class DeleteController : public QObject
{
    Q_OBJECT

public:
    DeleteController(GatewayMonitor *monitor, QTableView *table, QWidget *window);
    ~DeleteController() override;

    QAction *deleteAction() const { return m_delete; }
    QAction *recentlyDeletedAction() const { return m_recentlyDeleted; }

    // The selected rows as the confirmation lists them, in view order.
    QList<DeleteCandidate> selectedCandidates() const;
    // Opens the confirmation (window-modal, without blocking); Delete starts the batch.
    void requestDelete();
    void startDelete(const QList<DeleteTarget> &targets);
    void showRecentlyDeleted();

    // For tests and callers that want to drive the dialogs.
    DeleteConfirmDialog *confirmDialog() const;
    RecentlyDeletedDialog *recentlyDeletedDialog() const;
    QProgressDialog *progressDialog() const;
    // The summary shown after a delete with problems (null when all went well).
    DeleteSummaryDialog *resultDialog() const;
    bool isRunning() const { return m_deleter && m_deleter->isRunning(); }
    QList<DeleteOutcome> lastOutcomes() const;
    QString lastSummary() const { return m_lastSummary; }

signals:
    // A sentence for the status bar.
    void message(const QString &text);
    // The operator confirmed: these groups are about to be deleted (notifications skip them).
    void deleteStarted(const QList<pushscope::DeleteTarget> &targets);
    void deleteFinished(const QString &summary);

private:
    void updateAction();
    void onProgress(int finished, int total);
    void onFinished();

    GatewayMonitor *m_monitor;
    QTableView *m_table;
    QWidget *m_window;
    QAction *m_delete;
    QAction *m_recentlyDeleted;
    std::unique_ptr<DeleteJournal> m_journal;
    std::unique_ptr<BulkDeleter> m_deleter;
    QPointer<DeleteConfirmDialog> m_confirm;
    QPointer<RecentlyDeletedDialog> m_recent;
    QPointer<QProgressDialog> m_progress;
    QPointer<DeleteSummaryDialog> m_resultDialog;
    QString m_lastSummary;
};

} // namespace pushscope::ui
