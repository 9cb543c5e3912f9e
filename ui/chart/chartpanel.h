#pragma once

#include "net/httpconfig.h"

#include "gateway/snapshot.h"
#include "prometheus/timeseries.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QTimer>
#include <QUrl>
#include <QWidget>
#include <chrono>

class QCheckBox;
class QComboBox;
class QItemSelectionModel;
class QLabel;
class QLineEdit;

namespace pushscope {
class GatewayMonitor;
class PrometheusClient;
struct QueryResult;
} // namespace pushscope

namespace pushscope::ui {

class ChartWidget;
class TimeRangeBox;

// The chart of the selected groups: one family (counter, gauge or untyped) over a range, one
// line per group. Asks Prometheus (query_range) when its URL is known, and falls back to
// PushScope's own sample history when it is not, fails or has no samples yet. "Follow live"
// reloads after each applied poll, throttled, with at most one request in flight; replies
// made stale by a change of group, family or range are dropped.
class ChartPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxGroups = 20;

    explicit ChartPanel(GatewayMonitor *monitor, QWidget *parent = nullptr);
    ~ChartPanel() override;

    // The table's selection (rows of proxies over the monitor's model).
    void setSelectionModel(QItemSelectionModel *selection);
    // --prometheus: wins over the sandbox's.
    void setPrometheusUrl(const QUrl &url, const HttpConfig &http = {});
    // The demo sandbox's prometheus while it is ready; empty otherwise.
    void setSandboxPrometheusUrl(const QUrl &url);
    // The Prometheus a saved gateway is linked to: charts of its groups come from there
    // (unless --prometheus gave one for all).
    void setGatewayPrometheus(int gateway, const QUrl &url, const HttpConfig &http = {});
    // Where the chart of the current selection comes from; empty: PushScope's own history.
    QUrl prometheusUrl() const;
    // The PromQL of the current chart: the family's selector (or its rate) per selected group,
    // joined with "or".
    QString expression() const;

    ChartWidget *chart() const { return m_chart; }
    QComboBox *familyBox() const { return m_familyBox; }
    TimeRangeBox *rangeBox() const { return m_rangeBox; }
    QCheckBox *rateBox() const { return m_rateBox; }
    QCheckBox *followBox() const { return m_followBox; }
    QLineEdit *queryEdit() const { return m_queryEdit; }
    QString sourceNote() const { return m_sourceNote; }
    bool showsPrometheus() const { return m_fromPrometheus; }
    int loadCount() const { return m_loads; }
    int groupCount() const { return int(m_groups.size()); }
    bool isLoading() const { return m_busy; }

    // A small button (e.g. Maximize chart) after the query, where the row has room.
    void addControl(QWidget *control);

    // Re-reads the selection and reloads at once.
    void reload();
    // Charts the fixed window [from, to] (what "Custom…" in the range combo asks for);
    // Follow live turns off when the window has ended. False with the reason in `error`
    // when the window is refused (from not before to, more than 90 days).
    bool setCustomRange(const QDateTime &from, const QDateTime &to, QString *error = nullptr);

Q_SIGNALS:
    // A load finished and the chart shows its result.
    void loaded();

private:
    struct Selected {
        int gateway = 0;
        Group group;
    };
    void readSelection();
    bool fillFamilies();
    void invalidate();
    void kick();
    void load();
    void showPrometheus(const QueryResult &result, const QString &expr);
    void showHistory(const QString &prometheusNote);
    void finishLoad(const QList<TimeSeries> &series, const QString &note, bool fromPrometheus,
                    const QString &noteToolTip = {});
    void updateClient();
    struct Source {
        QUrl url;
        HttpConfig http;
    };
    Source currentSource() const;
    std::chrono::milliseconds range() const;
    MetricType familyType() const;

    GatewayMonitor *m_monitor;
    QItemSelectionModel *m_selection = nullptr;
    ChartWidget *m_chart = nullptr;
    QComboBox *m_familyBox = nullptr;
    TimeRangeBox *m_rangeBox = nullptr;
    QCheckBox *m_rateBox = nullptr;
    QCheckBox *m_followBox = nullptr;
    bool m_followBeforeZoom = false; // Follow live was on when a zoom turned it off
    QLineEdit *m_queryEdit = nullptr;
    QLabel *m_moreLabel = nullptr;
    PrometheusClient *m_client = nullptr;
    HttpConfig m_explicitHttp;
    HttpConfig m_clientHttp;
    QHash<int, Source> m_gatewaySources;
    QUrl m_explicitUrl;
    QUrl m_sandboxUrl;
    QList<Selected> m_groups;
    QStringList m_groupIds; // to tell a new selection from a re-read one
    QDateTime m_startedAt;
    QString m_sourceNote;
    QTimer m_throttle;
    quint64 m_generation = 0;
    int m_loads = 0;
    bool m_busy = false;
    bool m_dirty = false;   // the settings changed: load as soon as no request is in flight
    bool m_liveDue = false; // a poll was applied: load once the throttle allows
    bool m_fromPrometheus = false;
};

} // namespace pushscope::ui
