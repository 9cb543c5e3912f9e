#include "deletesummarydialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

enum ListColumn { KeyColumn, GatewayColumn, StatusColumn, ReasonColumn, ColumnCount };

QString statusText(DeleteStatus status)
{
    return deleteStatusName(status).replace(QLatin1Char('_'), QLatin1Char(' '));
}

} // namespace

DeleteSummaryDialog::DeleteSummaryDialog(const QString &summary, const QString &journalError,
                                         const QList<DeleteOutcome> &outcomes,
                                         const QHash<QString, QString> &gatewayNames,
                                         QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Delete finished"));
    setSizeGripEnabled(true);

    m_headline = new QLabel(summary + QLatin1Char('.'), this);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_headline->setFont(bold);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("notDeletedList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setHeaderLabels({tr("Grouping key"), tr("Gateway"), tr("Status"), tr("Why")});
    m_list->setTextElideMode(Qt::ElideMiddle);
    for (const DeleteOutcome &outcome : outcomes) {
        if (outcome.status == DeleteStatus::Deleted)
            continue;
        const QString url = outcome.target.endpoint.text();
        const QString name = gatewayNames.value(url);
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(KeyColumn, outcome.target.group.key.toString());
        item->setToolTip(KeyColumn, item->text(KeyColumn));
        item->setText(GatewayColumn, name.isEmpty() ? url : name);
        item->setToolTip(GatewayColumn, url);
        item->setText(StatusColumn, statusText(outcome.status));
        item->setText(ReasonColumn, outcome.error);
        item->setToolTip(ReasonColumn, outcome.error);
    }
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(StatusColumn, Qt::AscendingOrder);
    QHeaderView *header = m_list->header();
    header->setSectionsMovable(false);
    header->resizeSection(KeyColumn, 300);
    header->resizeSection(GatewayColumn, 150);
    header->resizeSection(StatusColumn, 95);
    header->setStretchLastSection(true);

    auto *listLabel =
        new QLabel(tr("%n group(s) not deleted:", nullptr, m_list->topLevelItemCount()), this);
    auto *note = new QLabel(this);
    note->setWordWrap(true);
    QString noteText = tr("Groups still on their gateway are unchanged. Backups of the deleted "
                          "ones, and of any whose outcome is unknown, are in Recently deleted.");
    if (!journalError.isEmpty())
        noteText =
            tr("The backup journal reported: %1").arg(journalError) + QLatin1Char(' ') + noteText;
    note->setText(noteText);
    note->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copy = buttons->addButton(tr("Copy list"), QDialogButtonBox::ActionRole);
    m_recentlyDeleted = buttons->addButton(tr("Recently deleted…"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(listText()); });
    connect(m_recentlyDeleted, &QPushButton::clicked, this,
            &DeleteSummaryDialog::recentlyDeletedRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(note);
    layout->addWidget(listLabel);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(860, 420);
}

QString DeleteSummaryDialog::listText() const
{
    QStringList lines;
    QStringList header;
    for (int column = 0; column < ColumnCount; ++column)
        header.append(m_list->headerItem()->text(column));
    lines.append(header.join(QLatin1Char('\t')));
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = m_list->topLevelItem(row);
        QStringList cells;
        for (int column = 0; column < ColumnCount; ++column)
            cells.append(column == GatewayColumn ? item->toolTip(column) : item->text(column));
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pushscope::ui
