#include "groupstyleproxy.h"

#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "outcomestyle.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace pushscope::ui {

QVariant GroupStyleProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const bool outcomeColumn = index.column() == GroupTableModel::OutcomeColumn;
    switch (role) {
    case Qt::DecorationRole:
        if (outcomeColumn)
            return outcomeIcon(Outcome(index.data(GroupTableModel::OutcomeRole).toInt()));
        break;
    case Qt::ForegroundRole:
        if (index.data(GroupTableModel::OutOfDateRole).toBool())
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        if (outcomeColumn)
            return outcomeColor(Outcome(index.data(GroupTableModel::OutcomeRole).toInt()));
        break;
    case Qt::FontRole:
        if (index.data(GroupTableModel::OutOfDateRole).toBool()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (outcomeColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == GroupTableModel::GatewayColumn && m_monitor) {
            const int gateway = index.data(GroupTableModel::GatewayIndexRole).toInt();
            if (gateway >= 0 && gateway < m_monitor->gatewayCount()) {
                const QString rest = QIdentityProxyModel::data(index, role).toString();
                const QString url = m_monitor->state(gateway).url;
                return rest.isEmpty() ? url : url + QLatin1Char('\n') + rest;
            }
        }
        break;
    default:
        break;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace pushscope::ui
