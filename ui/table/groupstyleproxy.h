#pragma once

#include <QIdentityProxyModel>

namespace pushscope::ui {

// Adds the look to the core model's data: outcome icons and colours, and greyed italic
// rows for gateways whose last poll failed. The core model stays free of QtGui.
class GroupStyleProxy final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace pushscope::ui
