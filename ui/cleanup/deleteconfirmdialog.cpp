#include "deleteconfirmdialog.h"

#include "model/duration.h"
#include "model/outcome.h"
#include "table/outcomestyle.h"
#include "window/paletteicon.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

enum ListColumn { KeyColumn, GatewayColumn, OutcomeColumn, AgeColumn, ActionColumn };

} // namespace

QString groupCountText(int count)
{
    return count == 1 ? DeleteConfirmDialog::tr("1 group")
                      : DeleteConfirmDialog::tr("%1 groups").arg(count);
}

DeleteConfirmDialog::DeleteConfirmDialog(const QList<DeleteCandidate> &candidates, QWidget *parent)
    : QDialog(parent)
    , m_candidates(candidates)
{
    setWindowTitle(tr("Delete groups"));
    QSet<QString> gateways;
    int skipped = 0;
    for (const DeleteCandidate &candidate : candidates) {
        if (!candidate.skipReason.isEmpty()) {
            ++skipped;
            continue;
        }
        ++m_deleteCount;
        gateways.insert(candidate.target.endpoint.text());
    }
    m_gatewayCount = int(gateways.size());

    m_headline = new QLabel(this);
    m_headline->setTextFormat(Qt::PlainText);
    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_headline->setFont(bold);
    m_headline->setText(headline());

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("deleteList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setHeaderLabels(
        {tr("Grouping key"), tr("Gateway"), tr("Outcome"), tr("Age"), tr("Action")});
    fillList();

    auto *note = new QLabel(this);
    note->setWordWrap(true);
    QString noteText = tr("A backup of every deleted group is kept. Restore it from "
                          "<b>Recently deleted…</b> (it is pushed again, so its push time "
                          "becomes the time of the restore).");
    if (skipped > 0)
        noteText += QLatin1Char(' ') +
                    tr("%1 will be skipped; the list says why.").arg(groupCountText(skipped));
    note->setText(noteText);

    auto *buttons = new QDialogButtonBox(this);
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_deleteButton = buttons->addButton(
        m_deleteCount == 1 ? tr("Delete 1 group") : tr("Delete %1 groups").arg(m_deleteCount),
        QDialogButtonBox::DestructiveRole);
    m_deleteButton->setIcon(paletteIcon(QStringLiteral(":/icons/delete.svg")));
    m_deleteButton->setAutoDefault(false);
    m_cancelButton->setAutoDefault(true);
    m_cancelButton->setDefault(true);
    connect(m_deleteButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_list, 1);
    layout->addWidget(note);
    if (m_deleteCount > kTypedConfirmation) {
        auto *typeLabel = new QLabel(
            tr("To confirm, type the number of groups to delete (%1):").arg(m_deleteCount), this);
        m_countEdit = new QLineEdit(this);
        m_countEdit->setObjectName(QStringLiteral("confirmCountEdit"));
        m_countEdit->setPlaceholderText(QString::number(m_deleteCount));
        m_countEdit->setMaximumWidth(120);
        typeLabel->setBuddy(m_countEdit);
        auto *row = new QHBoxLayout;
        row->addWidget(typeLabel);
        row->addWidget(m_countEdit);
        row->addStretch(1);
        layout->addLayout(row);
        connect(m_countEdit, &QLineEdit::textChanged, this,
                &DeleteConfirmDialog::updateDeleteButton);
    }
    layout->addWidget(buttons);
    updateDeleteButton();
    m_cancelButton->setFocus();
    resize(920, std::min(560, 200 + int(candidates.size()) * 24));
}

QString DeleteConfirmDialog::headline() const
{
    if (m_deleteCount == 0)
        return tr("None of the selected groups can be deleted.");
    return m_gatewayCount == 1 ? tr("Delete %1 from 1 gateway?").arg(groupCountText(m_deleteCount))
                               : tr("Delete %1 from %2 gateways?")
                                     .arg(groupCountText(m_deleteCount))
                                     .arg(m_gatewayCount);
}

void DeleteConfirmDialog::fillList()
{
    for (const DeleteCandidate &candidate : std::as_const(m_candidates)) {
        const DeleteTarget &target = candidate.target;
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(KeyColumn, target.group.key.toString());
        item->setText(GatewayColumn, candidate.gatewayName.isEmpty() ? target.endpoint.text()
                                                                     : candidate.gatewayName);
        item->setToolTip(GatewayColumn, target.endpoint.text());
        item->setText(OutcomeColumn, target.outcomeBefore);
        Outcome outcome = Outcome::Unknown;
        if (parseOutcome(target.outcomeBefore, &outcome))
            item->setIcon(OutcomeColumn, outcomeIcon(outcome));
        item->setText(AgeColumn, formatAge(candidate.ageSeconds));
        item->setTextAlignment(AgeColumn, Qt::AlignCenter);
        if (candidate.skipReason.isEmpty()) {
            item->setText(ActionColumn, tr("delete"));
        } else {
            item->setText(ActionColumn, tr("will be skipped: %1").arg(candidate.skipReason));
            item->setToolTip(ActionColumn, candidate.skipReason);
            for (int column = 0; column < m_list->columnCount(); ++column)
                item->setForeground(column, palette().brush(QPalette::Disabled, QPalette::Text));
        }
        item->setToolTip(KeyColumn, target.group.key.toString());
    }
    // The key takes the room left; a skip reason is always shown whole.
    QHeaderView *header = m_list->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(KeyColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ActionColumn, QHeaderView::ResizeToContents);
    header->resizeSection(GatewayColumn, 165);
    header->resizeSection(OutcomeColumn, 90);
    header->resizeSection(AgeColumn, 55);
}

void DeleteConfirmDialog::updateDeleteButton()
{
    bool enabled = m_deleteCount > 0;
    if (m_countEdit)
        enabled = enabled && m_countEdit->text().trimmed() == QString::number(m_deleteCount);
    m_deleteButton->setEnabled(enabled);
}

QList<DeleteTarget> DeleteConfirmDialog::targets() const
{
    QList<DeleteTarget> targets;
    for (const DeleteCandidate &candidate : m_candidates)
        targets.append(candidate.target);
    return targets;
}

} // namespace pushscope::ui
