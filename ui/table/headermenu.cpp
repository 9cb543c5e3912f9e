#include "headermenu.h"

#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"

#include <QHeaderView>
#include <QMenu>
#include <QTableView>

namespace pushscope::ui {

namespace {

// Widths of the fixed columns before the gateway's (the last one stretches).
constexpr int kWidths[] = {125, 160, 95, 65, 140, 140, 70};
static_assert(std::size(kWidths) == GroupTableModel::GatewayColumn);

} // namespace

HeaderMenu::HeaderMenu(GatewayMonitor *monitor, QTableView *table, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_table(table)
{
    QHeaderView *header = table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setFirstSectionMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &HeaderMenu::popup);
    resetColumns();
}

void HeaderMenu::popup(const QPoint &pos)
{
    QMenu *menu = createMenu(m_table);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_table->horizontalHeader()->viewport()->mapToGlobal(pos));
}

QMenu *HeaderMenu::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("headerMenu"));
    QHeaderView *header = m_table->horizontalHeader();
    GroupTableModel *model = m_monitor->model();
    int visible = 0;
    for (int logical = 0; logical < header->count(); ++logical)
        visible += header->isSectionHidden(logical) ? 0 : 1;

    // The fixed columns, in the order they are shown.
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (logical >= GroupTableModel::ColumnCount)
            continue;
        const QString title = model->headerData(logical, Qt::Horizontal).toString();
        QAction *action = menu->addAction(title);
        action->setObjectName(QStringLiteral("column:%1").arg(logical));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(logical));
        // The last visible column stays: a table without columns cannot show its menu.
        action->setEnabled(!action->isChecked() || visible > 1);
        connect(action, &QAction::toggled, this, [this, logical](bool shown) {
            m_table->setColumnHidden(logical, !shown);
            if (logical == GroupTableModel::GatewayColumn)
                m_gatewayHiddenByUser = !shown;
        });
    }

    menu->addSection(tr("Grouping labels"));
    QStringList labels = model->labelColumns();
    for (const QString &label : model->groupingLabels()) {
        if (!labels.contains(label))
            labels.append(label);
    }
    if (labels.isEmpty())
        menu->addAction(tr("No label other than job yet"))->setEnabled(false);
    for (const QString &label : std::as_const(labels)) {
        QAction *action = menu->addAction(label);
        action->setObjectName(QStringLiteral("label:") + label);
        action->setCheckable(true);
        const int column = model->labelColumnOf(label);
        action->setChecked(column >= 0 && !header->isSectionHidden(column));
        connect(action, &QAction::toggled, this,
                [this, label](bool shown) { setLabelColumnShown(label, shown); });
    }

    menu->addSeparator();
    QAction *reset = menu->addAction(tr("Reset columns"));
    reset->setObjectName(QStringLiteral("resetColumns"));
    reset->setToolTip(tr("The default columns, order and widths; no label column"));
    connect(reset, &QAction::triggered, this, &HeaderMenu::resetColumns);
    return menu;
}

void HeaderMenu::setLabelColumnShown(const QString &label, bool shown)
{
    GroupTableModel *model = m_monitor->model();
    QStringList labels = model->labelColumns();
    if (shown && !labels.contains(label))
        labels.append(label);
    else if (!shown)
        labels.removeAll(label);
    model->setLabelColumns(labels);
    if (const int column = model->labelColumnOf(label); column >= 0) {
        m_table->setColumnHidden(column, false);
        m_table->horizontalHeader()->resizeSection(column, 110);
    }
}

QStringList HeaderMenu::labelColumns() const
{
    return m_monitor->model()->labelColumns();
}

void HeaderMenu::setLabelColumns(const QStringList &labels)
{
    m_monitor->model()->setLabelColumns(labels);
}

void HeaderMenu::resetColumns()
{
    m_monitor->model()->setLabelColumns({});
    QHeaderView *header = m_table->horizontalHeader();
    for (int logical = 0; logical < header->count(); ++logical) {
        header->moveSection(header->visualIndex(logical), logical);
        header->showSection(logical);
    }
    for (int column = 0; column < GroupTableModel::GatewayColumn; ++column)
        header->resizeSection(column, kWidths[column]);
    // A whole date with its zone (the one format of the window) in the two time columns.
    const int dateWidth =
        m_table->fontMetrics().horizontalAdvance(QStringLiteral("2026-12-31 23:59:59 +00:00")) + 16;
    for (int column : {GroupTableModel::LastPushColumn, GroupTableModel::LastFailureColumn})
        header->resizeSection(column, std::max(kWidths[column], dateWidth));
    // First, where it is shown at all: one gateway's name on every row says nothing.
    header->moveSection(header->visualIndex(GroupTableModel::GatewayColumn), 0);
    // The cadence next to the age it is measured against.
    header->resizeSection(GroupTableModel::CadenceColumn, 120);
    header->moveSection(header->visualIndex(GroupTableModel::CadenceColumn),
                        header->visualIndex(GroupTableModel::AgeColumn) + 1);
    m_gatewayHiddenByUser = false;
    m_lastGatewayCount = m_monitor->gatewayCount();
    m_table->setColumnHidden(GroupTableModel::GatewayColumn, m_lastGatewayCount < 2);
}

void HeaderMenu::gatewayCountChanged()
{
    const int count = m_monitor->gatewayCount();
    if (count >= 2 && m_lastGatewayCount < 2 && !m_gatewayHiddenByUser)
        m_table->setColumnHidden(GroupTableModel::GatewayColumn, false);
    m_lastGatewayCount = count;
}

void HeaderMenu::setGatewayColumnHiddenByUser(bool hidden)
{
    m_gatewayHiddenByUser = hidden;
    if (hidden)
        m_table->setColumnHidden(GroupTableModel::GatewayColumn, true);
    else if (m_monitor->gatewayCount() >= 2) // saved while one gateway hid it
        m_table->setColumnHidden(GroupTableModel::GatewayColumn, false);
}

} // namespace pushscope::ui
