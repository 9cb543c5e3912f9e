#include "copyactions.h"

#include "chart/chartpanel.h"
#include "chart/timerangedialog.h"
#include "model/clipboardtext.h"
#include "model/gatewaymonitor.h"
#include "selectionactions.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>

namespace pushscope::ui {

void showActionsAsContextMenu(QWidget *widget)
{
    widget->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(widget, &QWidget::customContextMenuRequested, widget,
                     [widget](const QPoint &pos) {
                         QMenu menu(widget);
                         menu.setToolTipsVisible(true);
                         menu.addActions(widget->actions());
                         auto *view = qobject_cast<QAbstractScrollArea *>(widget);
                         menu.exec((view ? view->viewport() : widget)->mapToGlobal(pos));
                     });
}

CopyActions::CopyActions(GatewayMonitor *monitor, QTableView *table, ChartPanel *chart,
                         QWidget *window)
    : QObject(window)
    , m_monitor(monitor)
    , m_table(table)
    , m_chart(chart)
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
    , m_copy(new QAction(tr("&Copy"), this))
    , m_copyPromql(new QAction(tr("Copy as PromQL selector"), this))
    , m_copyCurl(new QAction(tr("Copy as curl DELETE"), this))
    , m_openPrometheus(new QAction(tr("Open in Prometheus"), this))
    , m_openGrafana(new QAction(tr("Open in Grafana Explore"), this))
{
    m_copy->setObjectName(QStringLiteral("copyKeysAction"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setToolTip(tr("Copy the selected grouping keys, one per line with the gateway as a "
                          "comment; paste one into the filter to find its group (Ctrl+C)"));
    m_copyPromql->setToolTip(tr("Copy a PromQL selector per selected group: {job=\"x\",...}"));
    m_copyCurl->setToolTip(tr("Copy the curl command that sends the DELETE PushScope itself "
                              "would send; passwords and tokens are left out"));
    connect(m_copy, &QAction::triggered, this, [this] { copy(keysText(), tr("key(s)")); });
    connect(m_copyPromql, &QAction::triggered, this,
            [this] { copy(promqlText(), tr("selector(s)")); });
    connect(m_copyCurl, &QAction::triggered, this,
            [this] { copy(curlText(), tr("curl line(s)")); });
    connect(m_openPrometheus, &QAction::triggered, this, [this] {
        const QUrl url = prometheusUrl();
        if (url.isEmpty() || !m_opener(url))
            emit message(tr("Could not open %1").arg(url.toDisplayString()));
    });
    connect(m_openGrafana, &QAction::triggered, this, [this] {
        const QUrl url = grafanaUrl();
        if (url.isEmpty() || !m_opener(url))
            emit message(tr("Could not open %1").arg(url.toDisplayString()));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CopyActions::updateActions);
    updateActions();
}

QList<QAction *> CopyActions::actions() const
{
    return {m_copy, m_copyPromql, m_copyCurl, m_openPrometheus, m_openGrafana};
}

void CopyActions::updateActions()
{
    const bool any = m_table->selectionModel()->hasSelection();
    for (QAction *action : {m_copy, m_copyPromql, m_copyCurl})
        action->setEnabled(any);
    const bool prometheus = !m_chart->prometheusUrl().isEmpty();
    m_openPrometheus->setEnabled(any && prometheus);
    m_openPrometheus->setToolTip(
        prometheus ? tr("Open the chart's query for the selection in Prometheus's expression "
                        "browser")
                   : tr("No Prometheus for the selection: start with --prometheus URL, or link "
                        "one to the gateway in Connections"));
    const QList<int> rows = any ? SelectionActions::selectedSourceRows(m_table) : QList<int>();
    const bool grafana =
        !rows.isEmpty() && m_grafana.contains(m_monitor->model()->gatewayAt(rows.first()));
    m_openGrafana->setEnabled(grafana);
    m_openGrafana->setToolTip(
        grafana ? tr("Open the chart's query for the selection in Grafana's Explore")
                : tr("No Grafana for the selection: set a Grafana URL on the gateway's "
                     "Prometheus server in File ▸ Connections…"));
}

void CopyActions::setGatewayGrafana(int gateway, const QUrl &grafana, const QString &datasource)
{
    if (grafana.isEmpty())
        m_grafana.remove(gateway);
    else
        m_grafana.insert(gateway, GrafanaLink{grafana, datasource});
    updateActions();
}

void CopyActions::copy(const QString &text, const QString &what)
{
    if (text.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(text);
    const int lines = int(text.count(QLatin1Char('\n'))) + 1;
    emit message(tr("Copied %n %1 to the clipboard", nullptr, lines).arg(what));
}

QString CopyActions::keysText() const
{
    GroupTableModel *model = m_monitor->model();
    QStringList lines;
    for (int row : SelectionActions::selectedSourceRows(m_table))
        lines.append(
            keyClipboardLine(model->groupAt(row).key, model->gatewayName(model->gatewayAt(row))));
    return lines.join(QLatin1Char('\n'));
}

QString CopyActions::promqlText() const
{
    QStringList lines;
    for (int row : SelectionActions::selectedSourceRows(m_table))
        lines.append(m_monitor->model()->groupAt(row).key.toString());
    return lines.join(QLatin1Char('\n'));
}

QString CopyActions::curlText() const
{
    GroupTableModel *model = m_monitor->model();
    QStringList lines;
    for (int row : SelectionActions::selectedSourceRows(m_table)) {
        const GroupingKey &key = model->groupAt(row).key;
        const GatewayClient *client = m_monitor->poller(model->gatewayAt(row))->client();
        QString error;
        const QUrl url = client->keyUrl(key, &error, tr("its status has not been read yet"));
        lines.append(curlDeleteLine(key, url, error, client->httpConfig()));
    }
    return lines.join(QLatin1Char('\n'));
}

QUrl CopyActions::prometheusUrl() const
{
    const QUrl base = m_chart->prometheusUrl();
    const QList<int> rows = SelectionActions::selectedSourceRows(m_table);
    if (base.isEmpty() || rows.isEmpty())
        return {};
    return prometheusGraphUrl(base, selectionExpression(rows));
}

QUrl CopyActions::grafanaUrl() const
{
    const QList<int> rows = SelectionActions::selectedSourceRows(m_table);
    if (rows.isEmpty())
        return {};
    const auto link = m_grafana.constFind(m_monitor->model()->gatewayAt(rows.first()));
    if (link == m_grafana.constEnd())
        return {};
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(m_chart->rangeBox()->range());
    return grafanaExploreUrl(link->url, link->datasource, selectionExpression(rows),
                             seconds.count());
}

QString CopyActions::selectionExpression(const QList<int> &rows) const
{
    if (!m_chart->familyBox()->currentText().isEmpty() && m_chart->groupCount() > 0)
        return m_chart->expression();
    QStringList selectors; // no family to chart: every series of the groups
    for (int row : rows)
        selectors.append(m_monitor->model()->groupAt(row).key.toString());
    return selectors.join(QStringLiteral(" or "));
}

} // namespace pushscope::ui
