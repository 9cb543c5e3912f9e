#pragma once

#include <QHash>
#include <QObject>
#include <QUrl>
#include <functional>

class QAction;
class QTableView;
class QWidget;

namespace pushscope {
class GatewayMonitor;
}

namespace pushscope::ui {

class ChartPanel;

// Makes `widget`'s actions its context menu, as Qt::ActionsContextMenu does, but with their
// tool tips shown: they say why an action is off (no Grafana URL, no Prometheus).
void showActionsAsContextMenu(QWidget *widget);

// Getting the selected groups out of the table: their keys (pasteable into the filter), as a
// PromQL selector, as the curl DELETE the deleter itself would send, and opened in
// Prometheus's expression browser or Grafana's Explore. In the Edit menu and the table's
// context menu.
class CopyActions : public QObject
{
    Q_OBJECT

public:
    using UrlOpener = std::function<bool(const QUrl &url)>;

    CopyActions(GatewayMonitor *monitor, QTableView *table, ChartPanel *chart, QWidget *window);

    QAction *copyAction() const { return m_copy; }
    QAction *copyPromqlAction() const { return m_copyPromql; }
    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *openPrometheusAction() const { return m_openPrometheus; }
    QAction *openGrafanaAction() const { return m_openGrafana; }
    QList<QAction *> actions() const;
    // QDesktopServices::openUrl unless a test sets another.
    void setUrlOpener(UrlOpener opener) { m_opener = std::move(opener); }

    // What each action puts on the clipboard, one line per selected group in view order.
    QString keysText() const;
    QString promqlText() const;
    QString curlText() const;
    // The expression browser for the chart's expression of the selection; empty without a
    // Prometheus or a selection.
    QUrl prometheusUrl() const;
    // Grafana's Explore for the same query, from the Grafana linked to the first selected
    // group's gateway (through its Prometheus connection); empty without one.
    QUrl grafanaUrl() const;
    // The Grafana, and the Prometheus data source's UID or name in it, for a gateway's groups.
    void setGatewayGrafana(int gateway, const QUrl &grafana, const QString &datasource);

    // Enables what the selection and the chart's Prometheus allow.
    void updateActions();

signals:
    void message(const QString &text);

private:
    void copy(const QString &text, const QString &what);
    QString selectionExpression(const QList<int> &rows) const;

    struct GrafanaLink {
        QUrl url;
        QString datasource;
    };

    GatewayMonitor *m_monitor;
    QTableView *m_table;
    ChartPanel *m_chart;
    UrlOpener m_opener;
    QAction *m_copy;
    QAction *m_copyPromql;
    QAction *m_copyCurl;
    QAction *m_openPrometheus;
    QAction *m_openGrafana;
    QHash<int, GrafanaLink> m_grafana; // by gateway
};

} // namespace pushscope::ui
