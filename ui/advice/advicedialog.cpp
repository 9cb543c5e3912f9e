#include "advicedialog.h"

#include "model/gatewaymonitor.h"
#include "prometheus/advicefacts.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/scrapehealthmonitor.h"
#include "table/selectionactions.h"

#include <QAction>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QStyle>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

constexpr int kFindingRole = Qt::UserRole + 1;
// How far back Prometheus is asked whether a gateway only grew.
constexpr double kGrowthWindowSeconds = 7 * 86400;

QIcon severityIcon(const QStyle *style, AdviceSeverity severity)
{
    switch (severity) {
    case AdviceSeverity::Problem:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case AdviceSeverity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case AdviceSeverity::Info:
        break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

} // namespace

AdviceDialog::AdviceDialog(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth,
                           QTableView *table, QWidget *parent)
    : QDialog(parent)
    , m_monitor(monitor)
    , m_scrapeHealth(scrapeHealth)
    , m_table(table)
    , m_list(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_select(new QPushButton(tr("Select these groups"), this))
    , m_refresh(new QPushButton(tr("Check again"), this))
{
    setWindowTitle(tr("Advice"));
    m_list->setHeaderLabels({tr("Finding"), tr("Gateway"), tr("Groups")});
    m_list->setWordWrap(true);
    m_list->setUniformRowHeights(false);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_status->setWordWrap(true);
    m_select->setToolTip(tr("Select this finding's groups in the main table, e.g. to delete "
                            "the cleanup candidates"));
    m_select->setEnabled(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_select, QDialogButtonBox::ActionRole);
    buttons->addButton(m_refresh, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refresh, &QPushButton::clicked, this, &AdviceDialog::refresh);
    connect(m_select, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_list->currentItem();
        while (item && item->parent())
            item = item->parent();
        if (item)
            selectGroupsOf(item->data(0, kFindingRole).toInt());
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &AdviceDialog::currentChanged);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(820, 520);
}

AdviceDialog::~AdviceDialog() = default;

QAction *AdviceDialog::createAction(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth,
                                    QTableView *table, QWidget *window)
{
    auto *action = new QAction(tr("&Advice…"), window);
    action->setToolTip(tr("Check each gateway against the Pushgateway's own usage advice"));
    QPointer<AdviceDialog> dialog;
    QObject::connect(action, &QAction::triggered, window,
                     [monitor, scrapeHealth, table, window, dialog]() mutable {
                         if (!dialog)
                             dialog = new AdviceDialog(monitor, scrapeHealth, table, window);
                         dialog->refresh();
                         dialog->show();
                         dialog->raise();
                         dialog->activateWindow();
                     });
    return action;
}

AdviceInput AdviceDialog::inputFor(int gateway) const
{
    const GroupTableModel *model = m_monitor->model();
    AdviceInput input;
    input.gateway = model->gatewayName(gateway);
    input.now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    bool nowKnown = false;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->gatewayAt(row) != gateway)
            continue;
        const Group &group = model->groupAt(row);
        input.groups.append(group);
        input.cadences.append(model->cadenceAt(row));
        if (!nowKnown && group.lastActivityTime() > 0) { // the gateway's clock, as the ages
            input.now = group.lastActivityTime() + model->ageAt(row);
            nowKnown = true;
        }
    }
    return input;
}

void AdviceDialog::refresh()
{
    const int generation = ++m_generation;
    m_clients.clear(); // drops the callbacks of an earlier check
    m_findings.clear();
    m_findingGateways.clear();
    m_byGateway.clear();
    m_list->clear();
    m_select->setEnabled(false);
    const int gateways = m_monitor->model()->gatewayCount();
    m_byGateway.resize(gateways);
    m_pending = gateways;
    m_status->setText(tr("Checking %1 gateway(s)…").arg(gateways));
    if (gateways == 0) {
        showFindings();
        return;
    }
    for (int gateway = 0; gateway < gateways; ++gateway) {
        AdviceInput input = inputFor(gateway);
        // The Prometheus the sidebar's scrape check uses, reached the same way.
        const QUrl prometheus = m_scrapeHealth && gateway < m_monitor->gatewayCount()
                                    ? m_scrapeHealth->prometheusUrl(gateway)
                                    : QUrl();
        if (!prometheus.isValid() || prometheus.isEmpty()) {
            gatewayChecked(generation, gateway, input);
            continue;
        }
        auto client = std::make_unique<PrometheusClient>(prometheus);
        client->setHttpConfig(m_scrapeHealth->prometheusHttp(gateway));
        client->setTimeout(std::chrono::seconds(10));
        const QUrl gatewayUrl(m_monitor->state(gateway).url);
        const GroupingKey known = input.groups.isEmpty() ? GroupingKey() : input.groups.first().key;
        gatherAdviceFacts(client.get(), gatewayUrl, known, kGrowthWindowSeconds,
                          [this, generation, input, gateway](const PrometheusFacts &facts) {
                              AdviceInput withFacts = input;
                              withFacts.prometheus = facts;
                              gatewayChecked(generation, gateway, withFacts);
                          });
        m_clients.push_back(std::move(client));
    }
}

void AdviceDialog::gatewayChecked(int generation, int gateway, const AdviceInput &input)
{
    if (generation != m_generation || gateway >= m_byGateway.size())
        return;
    // Filled in the order the gateways answer, shown in gateway order.
    m_byGateway[gateway] = Advice::check(input, m_options);
    if (--m_pending == 0)
        showFindings();
}

void AdviceDialog::showFindings()
{
    for (int gateway = 0; gateway < m_byGateway.size(); ++gateway) {
        m_findings += m_byGateway.at(gateway);
        m_findingGateways += QList<int>(m_byGateway.at(gateway).size(), gateway);
    }
    int problems = 0;
    int warnings = 0;
    for (int i = 0; i < m_findings.size(); ++i) {
        const AdviceFinding &finding = m_findings.at(i);
        problems += finding.severity == AdviceSeverity::Problem ? 1 : 0;
        warnings += finding.severity == AdviceSeverity::Warning ? 1 : 0;
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, finding.sentence);
        item->setToolTip(0, finding.sentence);
        item->setIcon(0, severityIcon(style(), finding.severity));
        item->setText(1, finding.gateway);
        item->setText(2, finding.keys.isEmpty() ? QString() : QString::number(finding.keys.size()));
        item->setData(0, kFindingRole, i);
        for (const QString &line : finding.evidence) {
            auto *evidence = new QTreeWidgetItem(item, {line});
            evidence->setToolTip(0, line);
        }
        item->setExpanded(finding.severity != AdviceSeverity::Info);
    }
    m_status->setText(
        m_findings.isEmpty()
            ? tr("No findings on %1 gateway(s).").arg(m_byGateway.size())
            : tr("%1 finding(s): %2 problem(s), %3 warning(s). Each finding lists its evidence "
                 "below it.")
                  .arg(m_findings.size())
                  .arg(problems)
                  .arg(warnings));
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    emit findingsReady();
}

void AdviceDialog::currentChanged()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    while (item && item->parent())
        item = item->parent();
    const int index = item ? item->data(0, kFindingRole).toInt() : -1;
    m_select->setEnabled(index >= 0 && index < m_findings.size() &&
                         !m_findings.at(index).keys.isEmpty());
}

int AdviceDialog::selectGroupsOf(int index)
{
    if (index < 0 || index >= m_findings.size())
        return 0;
    const AdviceFinding &finding = m_findings.at(index);
    const GroupTableModel *model = m_monitor->model();
    const int gateway = m_findingGateways.value(index, -1);
    QSet<int> wanted;
    for (const GroupingKey &key : finding.keys) {
        const int row = model->rowOf(gateway, key);
        if (row >= 0)
            wanted.insert(row);
    }
    QAbstractItemModel *view = m_table->model();
    const int lastColumn = view->columnCount() - 1;
    QItemSelection selection;
    int firstRow = -1;
    int selected = 0;
    for (int row = 0; row < view->rowCount(); ++row) {
        if (!wanted.contains(SelectionActions::sourceRow(view->index(row, 0))))
            continue;
        selection.select(view->index(row, 0), view->index(row, lastColumn));
        ++selected;
        if (firstRow < 0)
            firstRow = row;
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (firstRow >= 0)
        m_table->scrollTo(view->index(firstRow, 0));
    const int hidden = int(finding.keys.size()) - selected;
    m_status->setText(hidden > 0 ? tr("Selected %1 group(s) in the table; %2 not shown there "
                                      "(filtered out or gone).")
                                       .arg(selected)
                                       .arg(hidden)
                                 : tr("Selected %1 group(s) in the table.").arg(selected));
    return selected;
}

} // namespace pushscope::ui
