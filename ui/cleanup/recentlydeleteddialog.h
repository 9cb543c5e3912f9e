#pragma once

#include "cleanup/deletejournal.h"

#include <QDialog>
#include <QHash>
#include <memory>

class QLabel;
class QLineEdit;
class QMessageBox;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace pushscope {
class GatewayClient;
class GatewayMonitor;
} // namespace pushscope

namespace pushscope::ui {

// The delete journal: every group PushScope deleted, newest first, with its backup. Restore
// pushes the backup again (PUT) to the same grouping key on the same gateway; the group's
// push time becomes the time of the restore. A group pushed again since its delete is only
// overwritten when the operator says so.
class RecentlyDeletedDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { TimeColumn, GatewayColumn, KeyColumn, StatusColumn, OutcomeColumn };

    explicit RecentlyDeletedDialog(GatewayMonitor *monitor, QWidget *parent = nullptr);
    ~RecentlyDeletedDialog() override;

    // Reads the journal again, keeping the selected entries selected.
    void reload();
    // Restores the selected entries one after the other. With one entry, newer data on the
    // gateway is overwritten only after asking; with several, such entries are left out and
    // named in the summary.
    void restoreSelected();

    QTableWidget *table() const { return m_table; }
    QPlainTextEdit *metricsView() const { return m_metrics; }
    QPushButton *restoreButton() const { return m_restore; }
    QLabel *statusLabel() const { return m_status; }
    QLineEdit *searchEdit() const { return m_search; }
    // Open while the window asks whether to overwrite a group pushed again since its delete.
    QMessageBox *overwriteQuestion() const;
    const QList<JournalEntry> &entries() const { return m_entries; }

signals:
    void restored(const QString &gateway, const QString &key);

private:
    QList<int> selectedEntries() const; // indexes into m_entries, in table order
    bool isRestorable(const JournalEntry &entry) const;
    bool isReadOnly(const QString &gateway) const;
    void applySearch();
    void restoreNext();
    GatewayClient *clientFor(const QString &gateway, QString *error);
    void showSelected();
    void restore(const JournalEntry &entry, bool overwrite);
    void askOverwrite(const JournalEntry &entry, const QString &why);

    GatewayMonitor *m_monitor;
    std::unique_ptr<DeleteJournal> m_journal;
    QList<JournalEntry> m_entries;
    QHash<QString, std::shared_ptr<GatewayClient>> m_clients;
    bool m_restoring = false;
    QList<JournalEntry> m_queue; // a batch restore: still to go
    int m_batchSize = 0;
    int m_batchRestored = 0;
    QStringList m_batchNewer;  // keys left out: newer data on the gateway
    QStringList m_batchFailed; // "key: why"
    bool m_destroying = false;
    QTableWidget *m_table;
    QPlainTextEdit *m_metrics;
    QLabel *m_status;
    QPushButton *m_restore;
    QLineEdit *m_search;
    QMessageBox *m_overwriteQuestion = nullptr;
};

} // namespace pushscope::ui
