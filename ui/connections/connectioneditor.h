#pragma once

#include "connections/connection.h"

#include <QList>
#include <QPair>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace pushscope::ui {

class DurationEdit;
class HttpConfigEditor;

// The form for one saved Pushgateway: display name, URL, poll interval, read-only, stale
// threshold, enabled, the linked Prometheus server, and authentication/TLS.
class GatewayEditor : public QWidget
{
    Q_OBJECT

public:
    explicit GatewayEditor(QWidget *parent = nullptr);

    // `servers`: (id, display name) of the Prometheus servers the combo offers.
    void setConnection(const GatewayConnection &gateway,
                       const QList<QPair<QString, QString>> &servers);
    // What the form holds now (the id is the one given to setConnection()).
    GatewayConnection connection() const;
    // False with a sentence when the URL, a duration or the extra headers are not usable.
    bool validate(QString *error) const;
    // Both durations are readable and in range (the dialog's OK waits for it).
    bool durationsValid() const;

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    DurationEdit *pollIntervalEdit() const { return m_interval; }
    QCheckBox *readOnlyCheck() const { return m_readOnly; }
    DurationEdit *staleEdit() const { return m_stale; }
    QCheckBox *enabledCheck() const { return m_enabled; }
    QComboBox *prometheusCombo() const { return m_prometheus; }
    HttpConfigEditor *httpEditor() const { return m_http; }

signals:
    void changed();
    void durationsValidChanged(bool valid);

private:
    void emitChanged();

    GatewayConnection m_gateway;
    QLineEdit *m_name;
    QLineEdit *m_url;
    DurationEdit *m_interval;
    QCheckBox *m_readOnly;
    DurationEdit *m_stale;
    QCheckBox *m_enabled;
    QComboBox *m_prometheus;
    HttpConfigEditor *m_http;
    bool m_loading = false;
};

// The form for one Prometheus-compatible server: display name, URL, the Grafana that shows it
// (for Open in Grafana Explore), authentication/TLS and extra headers (e.g. X-Scope-OrgID).
class PrometheusEditor : public QWidget
{
    Q_OBJECT

public:
    explicit PrometheusEditor(QWidget *parent = nullptr);

    void setConnection(const PrometheusConnection &server);
    PrometheusConnection connection() const;
    bool validate(QString *error) const;

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *grafanaUrlEdit() const { return m_grafanaUrl; }
    QLineEdit *grafanaDatasourceEdit() const { return m_grafanaDatasource; }
    HttpConfigEditor *httpEditor() const { return m_http; }

signals:
    void changed();

private:
    PrometheusConnection m_server;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_grafanaUrl;
    QLineEdit *m_grafanaDatasource;
    HttpConfigEditor *m_http;
    bool m_loading = false;
};

} // namespace pushscope::ui
