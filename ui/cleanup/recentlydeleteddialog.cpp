#include "recentlydeleteddialog.h"

#include "cleanup/restore.h"
#include "gateway/gatewayclient.h"
#include "model/gatewaymonitor.h"
#include "model/timeformat.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

RecentlyDeletedDialog::RecentlyDeletedDialog(GatewayMonitor *monitor, QWidget *parent)
    : QDialog(parent)
    , m_monitor(monitor)
    , m_journal(std::make_unique<DeleteJournal>(journalFromSettings()))
    , m_table(new QTableWidget(this))
    , m_metrics(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_restore(new QPushButton(tr("Restore"), this))
    , m_search(new QLineEdit(this))
{
    setWindowTitle(tr("Recently deleted"));
    m_table->setObjectName(QStringLiteral("journalTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Deleted at"), tr("Gateway"), tr("Grouping key"), tr("Status"), tr("Outcome before")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TimeColumn, Qt::DescendingOrder);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {150, 170, 300, 100};
    for (int column = 0; column < 4; ++column)
        m_table->horizontalHeader()->resizeSection(column, widths[column]);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            &RecentlyDeletedDialog::showSelected);

    m_search->setObjectName(QStringLiteral("journalSearch"));
    m_search->setPlaceholderText(tr("Search keys, gateways and statuses"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &RecentlyDeletedDialog::applySearch);

    m_metrics->setReadOnly(true);
    m_metrics->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_metrics->setPlaceholderText(tr("Select a deleted group to see its metrics."));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_metrics);
    splitter->setSizes({260, 200});

    auto *note = new QLabel(tr("Restore pushes the backup again (PUT) to the same grouping key "
                               "on the same gateway. The group's push time becomes now, not "
                               "the time it had before it was deleted."),
                            this);
    note->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    m_restore->setAutoDefault(false); // Enter closes; restoring takes a click
    if (QPushButton *close = buttons->button(QDialogButtonBox::Close))
        close->setDefault(true);
    m_restore->setEnabled(false);
    connect(m_restore, &QPushButton::clicked, this, &RecentlyDeletedDialog::restoreSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(splitter, 1);
    layout->addWidget(note);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(900, 600);
    reload();
}

RecentlyDeletedDialog::~RecentlyDeletedDialog()
{
    m_destroying = true; // a restore answering while its client goes away finds nobody
    m_clients.clear();
}

void RecentlyDeletedDialog::reload()
{
    QSet<QString> selectedIds;
    for (int index : selectedEntries())
        selectedIds.insert(m_entries.at(index).id);
    m_entries = m_journal->entries();
    QSignalBlocker blocker(m_table);
    m_table->setSortingEnabled(false); // rows are filled in journal order, then sorted
    m_table->clearContents();
    m_table->setRowCount(int(m_entries.size()));
    for (int row = 0; row < m_entries.size(); ++row) {
        const JournalEntry &entry = m_entries.at(row);
        const QStringList texts = {
            formatTimestamp(entry.deletedAt), entry.gateway, entry.key.toString(),
            QString(entry.status).replace(QLatin1Char('_'), QLatin1Char(' ')), entry.outcomeBefore};
        for (int column = 0; column < texts.size(); ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setToolTip(column == StatusColumn && !entry.note.isEmpty() ? entry.note
                                                                             : texts.at(column));
            item->setData(Qt::UserRole, row);
            m_table->setItem(row, column, item);
        }
    }
    m_table->setSortingEnabled(true);
    QItemSelection selection;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const int index = m_table->item(row, 0)->data(Qt::UserRole).toInt();
        if (selectedIds.contains(m_entries.at(index).id))
            selection.select(m_table->model()->index(row, 0),
                             m_table->model()->index(row, m_table->columnCount() - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    applySearch();
    blocker.unblock();
    showSelected();
}

QList<int> RecentlyDeletedDialog::selectedEntries() const
{
    QList<int> indexes;
    for (const QModelIndex &row : m_table->selectionModel()->selectedRows()) {
        const QTableWidgetItem *item = m_table->item(row.row(), 0);
        const int index = item ? item->data(Qt::UserRole).toInt() : -1;
        if (index >= 0 && index < m_entries.size() && !m_table->isRowHidden(row.row()))
            indexes.append(index);
    }
    return indexes;
}

bool RecentlyDeletedDialog::isRestorable(const JournalEntry &entry) const
{
    return entry.status != JournalStatus::restored() && !isReadOnly(entry.gateway);
}

void RecentlyDeletedDialog::applySearch()
{
    const QString text = m_search->text().trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = text.isEmpty();
        for (int column = 0; column < m_table->columnCount() && !match; ++column)
            match = m_table->item(row, column)->text().contains(text, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
    showSelected();
}

bool RecentlyDeletedDialog::isReadOnly(const QString &gateway) const
{
    for (int i = 0; i < m_monitor->gatewayCount(); ++i) {
        if (m_monitor->state(i).url == gateway && m_monitor->state(i).readOnly)
            return true;
    }
    return false;
}

void RecentlyDeletedDialog::showSelected()
{
    const QList<int> selected = selectedEntries();
    if (selected.size() == 1)
        m_metrics->setPlainText(QString::fromUtf8(m_entries.at(selected.first()).metricsText));
    else
        m_metrics->setPlainText(selected.isEmpty()
                                    ? QString()
                                    : tr("%n groups selected.", nullptr, int(selected.size())));
    int restorable = 0;
    bool readOnly = false;
    for (int index : selected) {
        restorable += isRestorable(m_entries.at(index)) ? 1 : 0;
        readOnly = readOnly || isReadOnly(m_entries.at(index).gateway);
    }
    m_restore->setEnabled(restorable > 0 && !m_restoring);
    m_restore->setText(restorable > 1 ? tr("Restore %1").arg(restorable) : tr("Restore"));
    if (restorable == 0 && readOnly)
        m_restore->setToolTip(tr("%1 is read-only.").arg(m_entries.at(selected.first()).gateway));
    else if (restorable == 0 && !selected.isEmpty())
        m_restore->setToolTip(tr("Already restored."));
    else
        m_restore->setToolTip(tr("Push the selected groups again; their push time becomes now."));
}

GatewayClient *RecentlyDeletedDialog::clientFor(const QString &gateway, QString *error)
{
    std::shared_ptr<GatewayClient> &client = m_clients[gateway];
    if (!client) {
        GatewayEndpoint endpoint;
        if (!GatewayEndpoint::parse(gateway, &endpoint, error)) {
            m_clients.remove(gateway);
            return nullptr;
        }
        client = std::make_shared<GatewayClient>(endpoint);
        for (int i = 0; i < m_monitor->gatewayCount(); ++i) { // the watched gateway's auth
            if (m_monitor->state(i).url == gateway)
                client->setHttpConfig(m_monitor->poller(i)->client()->httpConfig());
        }
    }
    return client.get();
}

void RecentlyDeletedDialog::restoreSelected()
{
    if (m_restoring)
        return;
    QList<JournalEntry> chosen;
    for (int index : selectedEntries()) {
        if (isRestorable(m_entries.at(index)))
            chosen.append(m_entries.at(index));
    }
    if (chosen.size() == 1) {
        restore(chosen.first(), false);
        return;
    }
    if (chosen.isEmpty())
        return;
    m_queue = chosen;
    m_batchSize = int(chosen.size());
    m_batchRestored = 0;
    m_batchNewer.clear();
    m_batchFailed.clear();
    m_restoring = true;
    m_restore->setEnabled(false);
    restoreNext();
}

void RecentlyDeletedDialog::restoreNext()
{
    if (m_queue.isEmpty()) {
        m_restoring = false;
        QString summary = tr("Restored %1 of %2 groups.").arg(m_batchRestored).arg(m_batchSize);
        if (!m_batchNewer.isEmpty())
            summary += QLatin1Char(' ') +
                       tr("Not restored, pushed again since the delete (restore one at a time "
                          "to overwrite): %1.")
                           .arg(m_batchNewer.join(QStringLiteral(", ")));
        if (!m_batchFailed.isEmpty())
            summary +=
                QLatin1Char(' ') + tr("Failed: %1").arg(m_batchFailed.join(QLatin1Char(' ')));
        m_status->setText(summary);
        m_monitor->refreshAll();
        reload();
        return;
    }
    // One gateway at a time: it is read once for all of its entries, then they are pushed.
    const QString gateway = m_queue.first().gateway;
    QList<JournalEntry> entries;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (it->gateway == gateway) {
            entries.append(*it);
            it = m_queue.erase(it);
        } else {
            ++it;
        }
    }
    QString error;
    GatewayClient *client = clientFor(gateway, &error);
    if (!client) {
        for (const JournalEntry &entry : std::as_const(entries))
            m_batchFailed.append(QStringLiteral("%1: %2").arg(entry.key.toString(), error));
        restoreNext();
        return;
    }
    m_status->setText(tr("Restoring %1 groups on %2…").arg(entries.size()).arg(gateway));
    QPointer<RecentlyDeletedDialog> self(this);
    restoreManyFromJournal(
        m_journal.get(), entries, client,
        [self, entries](int index, const RestoreResult &result) {
            RecentlyDeletedDialog *dialog = self.data();
            if (!dialog || dialog->m_destroying)
                return;
            const JournalEntry &entry = entries.at(index);
            if (result.ok) {
                ++dialog->m_batchRestored;
                emit dialog->restored(entry.gateway, entry.key.toString());
            } else if (result.newerOnGateway) {
                dialog->m_batchNewer.append(entry.key.toString());
            } else {
                dialog->m_batchFailed.append(
                    QStringLiteral("%1: %2").arg(entry.key.toString(), result.error));
            }
        },
        [self] {
            RecentlyDeletedDialog *dialog = self.data();
            if (dialog && !dialog->m_destroying)
                dialog->restoreNext();
        });
}

QMessageBox *RecentlyDeletedDialog::overwriteQuestion() const
{
    return m_overwriteQuestion;
}

void RecentlyDeletedDialog::askOverwrite(const JournalEntry &entry, const QString &why)
{
    auto *question = new QMessageBox(QMessageBox::Warning, tr("Overwrite newer data?"), why,
                                     QMessageBox::Cancel, this);
    QPushButton *overwrite = question->addButton(tr("Overwrite"), QMessageBox::DestructiveRole);
    question->setDefaultButton(QMessageBox::Cancel);
    question->setInformativeText(tr("Overwrite replaces the group on the gateway with the backup "
                                    "of %1.")
                                     .arg(formatTimestamp(entry.deletedAt)));
    question->setAttribute(Qt::WA_DeleteOnClose);
    m_overwriteQuestion = question;
    connect(question, &QMessageBox::finished, this, [this, question, overwrite, entry] {
        m_overwriteQuestion = nullptr;
        if (question->clickedButton() == overwrite)
            restore(entry, true);
    });
    question->open();
}

// One entry, asking before overwriting newer data; a batch goes through restoreNext().
void RecentlyDeletedDialog::restore(const JournalEntry &entry, bool overwrite)
{
    QString error;
    GatewayClient *client = clientFor(entry.gateway, &error);
    if (!client) {
        m_status->setText(tr("Cannot restore: %1").arg(error));
        return;
    }
    m_restoring = true;
    m_restore->setEnabled(false);
    m_status->setText(tr("Restoring %1 on %2…").arg(entry.key.toString(), entry.gateway));
    QPointer<RecentlyDeletedDialog> self(this);
    restoreFromJournal(
        m_journal.get(), entry, client, overwrite, [self, entry](const RestoreResult &result) {
            // A plain pointer after the check: GCC's -Wnull-dereference cannot follow QPointer.
            RecentlyDeletedDialog *dialog = self.data();
            if (!dialog || dialog->m_destroying)
                return;
            if (result.ok)
                emit dialog->restored(entry.gateway, entry.key.toString());
            dialog->m_restoring = false;
            if (result.ok) {
                dialog->m_status->setText(
                    tr("Restored %1 on %2 at %3. Its push time is now that time, not the one it "
                       "had before it was deleted.")
                        .arg(entry.key.toString(), entry.gateway,
                             QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
                dialog->m_monitor->refreshAll();
            } else if (result.newerOnGateway) {
                dialog->m_status->setText(tr("Not restored: %1").arg(result.error));
                dialog->askOverwrite(entry, result.error);
            } else {
                dialog->m_status->setText(
                    tr("Restoring %1 failed: %2").arg(entry.key.toString(), result.error));
            }
            dialog->reload();
        });
}

} // namespace pushscope::ui
