#include "deletecontroller.h"

#include "cleanup/restore.h"
#include "deleteconfirmdialog.h"
#include "deletesummarydialog.h"
#include "model/gatewaymonitor.h"
#include "recentlydeleteddialog.h"
#include "table/selectionactions.h"
#include "window/paletteicon.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QProgressDialog>
#include <QTableView>

namespace pushscope::ui {

namespace {

// Skipped on purpose and said so in the confirmation: not worth a second warning.
bool announcedSkip(const DeleteOutcome &outcome)
{
    return outcome.status == DeleteStatus::NotSent &&
           (outcome.target.readOnly || outcome.target.group.key.isAmbiguous());
}

} // namespace

DeleteController::DeleteController(GatewayMonitor *monitor, QTableView *table, QWidget *window)
    : QObject(window)
    , m_monitor(monitor)
    , m_table(table)
    , m_window(window)
    , m_delete(new QAction(paletteIcon(QStringLiteral(":/icons/delete.svg")), tr("Delete…"), this))
    , m_recentlyDeleted(new QAction(tr("Recently deleted…"), this))
{
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_delete, &QAction::triggered, this, &DeleteController::requestDelete);
    m_recentlyDeleted->setToolTip(tr("Groups deleted from here, with their backups to restore"));
    connect(m_recentlyDeleted, &QAction::triggered, this, &DeleteController::showRecentlyDeleted);

    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DeleteController::updateAction);
    QAbstractItemModel *view = table->model();
    for (auto signal : {&QAbstractItemModel::rowsRemoved, &QAbstractItemModel::rowsInserted})
        connect(view, signal, this, &DeleteController::updateAction);
    connect(view, &QAbstractItemModel::modelReset, this, &DeleteController::updateAction);
    connect(view, &QAbstractItemModel::layoutChanged, this, &DeleteController::updateAction);
    updateAction();
}

DeleteController::~DeleteController() = default;

DeleteConfirmDialog *DeleteController::confirmDialog() const
{
    return m_confirm;
}

RecentlyDeletedDialog *DeleteController::recentlyDeletedDialog() const
{
    return m_recent;
}

QProgressDialog *DeleteController::progressDialog() const
{
    return m_progress;
}

DeleteSummaryDialog *DeleteController::resultDialog() const
{
    return m_resultDialog;
}

QList<DeleteCandidate> DeleteController::selectedCandidates() const
{
    GroupTableModel *model = m_monitor->model();
    QList<DeleteCandidate> candidates;
    for (int row : SelectionActions::selectedSourceRows(m_table)) {
        const int gateway = model->gatewayAt(row);
        DeleteCandidate candidate;
        candidate.target.endpoint = m_monitor->poller(gateway)->endpoint();
        candidate.target.http = m_monitor->poller(gateway)->client()->httpConfig();
        candidate.target.group = model->groupAt(row);
        candidate.target.outcomeBefore = outcomeName(model->verdictAt(row).outcome);
        candidate.target.readOnly = m_monitor->state(gateway).readOnly;
        candidate.ageSeconds = model->ageAt(row);
        candidate.gatewayName = m_monitor->state(gateway).name;
        if (candidate.target.readOnly)
            candidate.skipReason = tr("the gateway is read-only");
        else if (candidate.target.group.key.isAmbiguous())
            candidate.skipReason = tr("its exact key is hidden by a family named \"labels\"");
        candidates.append(candidate);
    }
    return candidates;
}

void DeleteController::updateAction()
{
    bool any = false;
    bool writable = false;
    GroupTableModel *model = m_monitor->model();
    for (int row : SelectionActions::selectedSourceRows(m_table)) {
        any = true;
        if (!m_monitor->state(model->gatewayAt(row)).readOnly) {
            writable = true;
            break;
        }
    }
    m_delete->setEnabled(writable && !isRunning() && !m_confirm);
    if (isRunning())
        m_delete->setToolTip(tr("A delete is still running"));
    else if (any && !writable)
        m_delete->setToolTip(tr("The selected groups are on read-only gateways"));
    else
        m_delete->setToolTip(tr("Delete the selected groups, keeping a backup (Del)"));
}

void DeleteController::requestDelete()
{
    if (!m_delete->isEnabled())
        return;
    const QList<DeleteCandidate> candidates = selectedCandidates();
    auto *dialog = new DeleteConfirmDialog(candidates, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    m_confirm = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startDelete(dialog->targets()); });
    connect(dialog, &QDialog::finished, this, [this] {
        m_confirm = nullptr;
        updateAction();
    });
    updateAction();
    dialog->open();
}

void DeleteController::startDelete(const QList<DeleteTarget> &targets)
{
    if (isRunning() || targets.isEmpty())
        return;
    m_deleter.reset();
    m_journal = std::make_unique<DeleteJournal>(journalFromSettings());
    m_deleter = std::make_unique<BulkDeleter>(m_journal.get());
    m_deleter->setConcurrencyPerGateway(6);
    connect(m_deleter.get(), &BulkDeleter::progress, this, &DeleteController::onProgress);
    connect(m_deleter.get(), &BulkDeleter::verifying, this, [this] {
        if (m_progress)
            m_progress->setLabelText(tr("Checking that the gateways no longer report them…"));
    });
    connect(m_deleter.get(), &BulkDeleter::finished, this, &DeleteController::onFinished);

    // Non-modal: polling, the table and the details stay usable while it runs.
    m_progress = new QProgressDialog(tr("Deleting %1…").arg(groupCountText(int(targets.size()))),
                                     tr("Cancel"), 0, int(targets.size()), m_window);
    m_progress->setWindowTitle(tr("Deleting groups"));
    m_progress->setWindowModality(Qt::NonModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(400);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        if (!m_deleter || !m_deleter->isRunning())
            return;
        m_deleter->cancel();
        if (m_progress) {
            m_progress->setLabelText(tr("Cancelling: waiting for requests already sent…"));
            m_progress->show();
        }
    });
    emit message(tr("Deleting %1…").arg(groupCountText(int(targets.size()))));
    emit deleteStarted(targets);
    m_deleter->start(targets);
    updateAction();
}

void DeleteController::onProgress(int finished, int total)
{
    if (m_progress) {
        m_progress->setMaximum(total);
        m_progress->setValue(finished);
    }
}

void DeleteController::onFinished()
{
    const QList<DeleteOutcome> outcomes = m_deleter->outcomes();
    int counts[6] = {};
    bool problems = false;
    for (const DeleteOutcome &outcome : outcomes) {
        ++counts[int(outcome.status)];
        if (outcome.status == DeleteStatus::Deleted)
            continue;
        problems = problems || !announcedSkip(outcome);
    }
    QStringList parts;
    parts.append(tr("%1 deleted").arg(counts[int(DeleteStatus::Deleted)]));
    if (const int n = counts[int(DeleteStatus::StillPresent)])
        parts.append(tr("%1 still present (pushed again?)").arg(n));
    if (const int n = counts[int(DeleteStatus::Failed)])
        parts.append(tr("%1 failed").arg(n));
    if (const int n = counts[int(DeleteStatus::NotSent)])
        parts.append(tr("%1 not sent").arg(n));
    if (const int n = counts[int(DeleteStatus::Unknown)])
        parts.append(tr("%1 unknown (backups kept; the gateway could not be read again)").arg(n));
    m_lastSummary = parts.join(QStringLiteral(", "));
    if (!m_deleter->journalError().isEmpty())
        problems = true; // the summary says it
    if (m_deleter->isCancelled())
        m_lastSummary = tr("Cancelled: %1").arg(m_lastSummary);

    if (m_progress)
        m_progress->close();
    m_monitor->refreshAll(); // rows leave the table when the gateways no longer report them
    updateAction();
    emit message(m_lastSummary);
    if (problems) {
        if (m_resultDialog)
            m_resultDialog->close();
        QHash<QString, QString> names;
        for (int gateway = 0; gateway < m_monitor->gatewayCount(); ++gateway)
            names.insert(m_monitor->poller(gateway)->endpoint().text(),
                         m_monitor->state(gateway).name);
        m_resultDialog = new DeleteSummaryDialog(m_lastSummary, m_deleter->journalError(), outcomes,
                                                 names, m_window);
        m_resultDialog->setAttribute(Qt::WA_DeleteOnClose);
        // The summary is window-modal: it closes first, or it would block the list it opens.
        connect(m_resultDialog, &DeleteSummaryDialog::recentlyDeletedRequested, this, [this] {
            m_resultDialog->close();
            showRecentlyDeleted();
        });
        m_resultDialog->open();
    }
    emit deleteFinished(m_lastSummary);
}

QList<DeleteOutcome> DeleteController::lastOutcomes() const
{
    return m_deleter ? m_deleter->outcomes() : QList<DeleteOutcome>();
}

void DeleteController::showRecentlyDeleted()
{
    if (!m_recent) {
        m_recent = new RecentlyDeletedDialog(m_monitor, m_window);
        m_recent->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_recent->reload();
    }
    m_recent->show();
    m_recent->raise();
    m_recent->activateWindow();
}

} // namespace pushscope::ui
