#include "recentlydeleteddialog.h"

#include "cleanup/restore.h"
#include "gateway/gatewayclient.h"
#include "model/gatewaymonitor.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
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
{
    setWindowTitle(tr("Recently deleted"));
    m_table->setObjectName(QStringLiteral("journalTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Deleted at"), tr("Gateway"), tr("Grouping key"), tr("Status"), tr("Outcome before")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {150, 170, 300, 100};
    for (int column = 0; column < 4; ++column)
        m_table->horizontalHeader()->resizeSection(column, widths[column]);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            &RecentlyDeletedDialog::showSelected);

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
    const JournalEntry *current = selectedEntry();
    const QString selectedId = current ? current->id : QString();
    m_entries = m_journal->entries();
    QSignalBlocker blocker(m_table);
    m_table->clearContents();
    m_table->setRowCount(int(m_entries.size()));
    int selectRow = -1;
    for (int row = 0; row < m_entries.size(); ++row) {
        const JournalEntry &entry = m_entries.at(row);
        const QStringList texts = {
            entry.deletedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            entry.gateway, entry.key.toString(),
            QString(entry.status).replace(QLatin1Char('_'), QLatin1Char(' ')), entry.outcomeBefore};
        for (int column = 0; column < texts.size(); ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setToolTip(column == StatusColumn && !entry.note.isEmpty() ? entry.note
                                                                             : texts.at(column));
            m_table->setItem(row, column, item);
        }
        if (entry.id == selectedId)
            selectRow = row;
    }
    if (selectRow >= 0)
        m_table->selectRow(selectRow);
    blocker.unblock();
    showSelected();
}

const JournalEntry *RecentlyDeletedDialog::selectedEntry() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    if (items.isEmpty())
        return nullptr;
    const int row = items.first()->row();
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
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
    const JournalEntry *entry = selectedEntry();
    m_metrics->setPlainText(entry ? QString::fromUtf8(entry->metricsText) : QString());
    const bool readOnly = entry && isReadOnly(entry->gateway);
    m_restore->setEnabled(entry && !readOnly && !m_restoring);
    m_restore->setToolTip(readOnly ? tr("%1 is read-only.").arg(entry->gateway)
                                   : tr("Push this group again; its push time becomes now."));
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
    const JournalEntry *selected = selectedEntry();
    if (!selected || m_restoring || isReadOnly(selected->gateway))
        return;
    restore(*selected, false);
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
    question->setInformativeText(
        tr("Overwrite replaces the group on the gateway with the backup "
           "of %1.")
            .arg(entry.deletedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    question->setAttribute(Qt::WA_DeleteOnClose);
    m_overwriteQuestion = question;
    connect(question, &QMessageBox::finished, this, [this, question, overwrite, entry] {
        m_overwriteQuestion = nullptr;
        if (question->clickedButton() == overwrite)
            restore(entry, true);
    });
    question->open();
}

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
            dialog->m_restoring = false;
            if (result.ok) {
                dialog->m_status->setText(
                    tr("Restored %1 on %2 at %3. Its push time is now that time, not the one it "
                       "had before it was deleted.")
                        .arg(entry.key.toString(), entry.gateway,
                             QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
                dialog->m_monitor->refreshAll();
                emit dialog->restored(entry.gateway, entry.key.toString());
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
