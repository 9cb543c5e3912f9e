#include "gatewaysidebar.h"

#include "model/gatewaylistmodel.h"
#include "table/outcomestyle.h"
#include "window/paletteicon.h"

#include <QApplication>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>

namespace pushscope::ui {

namespace {

using Status = GatewayListModel::Status;

QIcon statusIcon(Status status)
{
    switch (status) {
    case Status::Ok:
        return outcomeIcon(Outcome::Success);
    case Status::Error:
        return outcomeIcon(Outcome::Failed);
    case Status::Paused:
        return paletteIcon(QStringLiteral(":/icons/pause.svg"));
    case Status::Polling:
    case Status::Waiting:
        break;
    }
    return outcomeIcon(Outcome::Unknown);
}

// Name in bold, the details below in a quieter colour, then any warning in the stale colour
// with its icon: the three lines an operator scans down the list.
class GatewayDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static constexpr int kMargin = 6;
    static constexpr int kIcon = 16;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QFontMetrics metrics(option.font);
        const int width = option.rect.width() > 0 ? option.rect.width() : 240;
        const int textWidth = width - 2 * kMargin - kIcon - 6;
        const QString detail = index.data(GatewayListModel::DetailRole).toString();
        int height =
            kMargin * 2 + metrics.height() + 2 +
            metrics.boundingRect(QRect(0, 0, textWidth, 10000), Qt::TextWordWrap, detail).height();
        const QString warning = index.data(GatewayListModel::WarningRole).toString();
        if (!warning.isEmpty()) {
            const QRect text(0, 0, textWidth - kIcon - 4, 10000);
            height += metrics.boundingRect(text, Qt::TextWordWrap, warning).height() + 2;
        }
        return {width, height};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.icon = QIcon();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group =
            opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QColor text =
            opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
        QColor quiet = text;
        quiet.setAlphaF(0.7);

        const QRect area = opt.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
        const auto status = Status(index.data(GatewayListModel::StatusRole).toInt());
        statusIcon(status).paint(painter, QRect(area.left(), area.top() + 1, kIcon, kIcon));
        const int left = area.left() + kIcon + 6;
        const QFontMetrics metrics(opt.font);
        painter->save();
        QFont bold = opt.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(text);
        QRect line(left, area.top(), area.right() - left, metrics.height());
        painter->drawText(
            line, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(bold).elidedText(index.data().toString(), Qt::ElideMiddle, line.width()));
        painter->setFont(opt.font);
        painter->setPen(quiet);
        const QString detail = index.data(GatewayListModel::DetailRole).toString();
        line.translate(0, metrics.height() + 2);
        line.setHeight(
            metrics.boundingRect(QRect(0, 0, line.width(), 10000), Qt::TextWordWrap, detail)
                .height());
        painter->drawText(line, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, detail);
        const QString warning = index.data(GatewayListModel::WarningRole).toString();
        if (!warning.isEmpty()) {
            const QRect icon(left, line.bottom() + 3, kIcon, kIcon);
            QIcon(QStringLiteral(":/icons/warning.svg")).paint(painter, icon);
            const QRect box(icon.right() + 4, line.bottom() + 2, area.right() - icon.right() - 4,
                            area.bottom() - line.bottom());
            painter->setPen(selected ? text : outcomeColor(Outcome::Stale));
            painter->drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, warning);
        }
        painter->restore();
    }
};

} // namespace

GatewaySidebar::GatewaySidebar(GatewayMonitor *monitor, ScrapeHealthMonitor *health,
                               QWidget *parent)
    : QDockWidget(tr("Gateways"), parent)
    , m_model(new GatewayListModel(monitor, health, this))
    , m_view(new QListView(this))
{
    setObjectName(QStringLiteral("gatewaySidebar"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_view->setObjectName(QStringLiteral("gatewayList"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new GatewayDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setUniformItemSizes(false);
    m_view->setWordWrap(true);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setResizeMode(QListView::Adjust);
    setWidget(m_view);
    m_view->setCurrentIndex(m_model->index(0));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { emit gatewayChosen(currentGateway()); });
    // Warnings come and go, and with them the rows' heights.
    connect(m_model, &QAbstractItemModel::dataChanged, m_view, &QListView::doItemsLayout);
}

std::optional<int> GatewaySidebar::currentGateway() const
{
    const int gateway = m_view->currentIndex().data(GatewayListModel::GatewayIndexRole).toInt();
    if (!m_view->currentIndex().isValid() || gateway < 0)
        return std::nullopt;
    return gateway;
}

void GatewaySidebar::selectGateway(std::optional<int> gateway)
{
    m_view->setCurrentIndex(m_model->index(GatewayListModel::rowOf(gateway.value_or(-1))));
}

} // namespace pushscope::ui
