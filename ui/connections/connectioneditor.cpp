#include "connectioneditor.h"

#include "connectionhttpeditor.h"
#include "durationedit.h"
#include "gateway/gatewayendpoint.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QUrl>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

QGroupBox *authGroup(HttpConfigEditor *editor, QWidget *parent)
{
    auto *group = new QGroupBox(HttpConfigEditor::tr("Authentication and TLS"), parent);
    auto *layout = new QVBoxLayout(group);
    layout->addWidget(editor);
    return group;
}

} // namespace

GatewayEditor::GatewayEditor(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_interval(new DurationEdit(0.5, 3600, this))
    , m_readOnly(new QCheckBox(tr("Read-only: never delete from or restore to this gateway"), this))
    , m_stale(new DurationEdit(1, 30 * 24 * 3600, this))
    , m_enabled(new QCheckBox(tr("Poll this gateway"), this))
    , m_prometheus(new QComboBox(this))
    , m_http(new HttpConfigEditor(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name->setObjectName(QStringLiteral("gatewayNameEdit"));
    m_name->setPlaceholderText(tr("The URL"));
    m_url->setObjectName(QStringLiteral("gatewayUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("http://pushgateway:9091"));
    m_interval->setObjectName(QStringLiteral("pollIntervalEdit"));
    m_stale->setObjectName(QStringLiteral("staleEdit"));
    m_stale->setToolTip(tr("A group whose last push is older than this is shown as stale."));
    m_readOnly->setObjectName(QStringLiteral("readOnlyCheck"));
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));
    m_prometheus->setObjectName(QStringLiteral("prometheusCombo"));
    form->addRow(tr("Display name:"), m_name);
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("Poll every:"), m_interval);
    form->addRow(tr("Stale after:"), m_stale);
    form->addRow(tr("Prometheus:"), m_prometheus);
    form->addRow(QString(), m_enabled);
    form->addRow(QString(), m_readOnly);
    layout->addLayout(form);
    layout->addWidget(authGroup(m_http, this));
    layout->addStretch(1);

    for (QLineEdit *edit : {m_name, m_url})
        connect(edit, &QLineEdit::textChanged, this, &GatewayEditor::emitChanged);
    for (DurationEdit *duration : {m_interval, m_stale})
        connect(duration, &DurationEdit::edited, this, [this] {
            emit durationsValidChanged(durationsValid());
            emitChanged();
        });
    for (QCheckBox *check : {m_readOnly, m_enabled})
        connect(check, &QCheckBox::toggled, this, &GatewayEditor::emitChanged);
    connect(m_prometheus, &QComboBox::currentIndexChanged, this, &GatewayEditor::emitChanged);
    connect(m_http, &HttpConfigEditor::changed, this, &GatewayEditor::emitChanged);
}

void GatewayEditor::emitChanged()
{
    if (!m_loading)
        emit changed();
}

void GatewayEditor::setConnection(const GatewayConnection &gateway,
                                  const QList<QPair<QString, QString>> &servers)
{
    m_loading = true;
    m_gateway = gateway;
    m_name->setText(gateway.name);
    m_url->setText(gateway.url);
    m_interval->setSeconds(double(gateway.pollInterval.count()) / 1000.0);
    m_readOnly->setChecked(gateway.readOnly);
    m_stale->setSeconds(gateway.staleAfterSeconds);
    m_enabled->setChecked(gateway.enabled);
    m_prometheus->clear();
    m_prometheus->addItem(tr("None"), QString());
    for (const auto &[id, name] : servers)
        m_prometheus->addItem(name, id);
    m_prometheus->setCurrentIndex(std::max(0, m_prometheus->findData(gateway.prometheusId)));
    m_http->setConfig(gateway.http, gateway.savedSecrets);
    m_loading = false;
}

GatewayConnection GatewayEditor::connection() const
{
    GatewayConnection gateway = m_gateway;
    gateway.name = m_name->text().trimmed();
    gateway.url = m_url->text().trimmed();
    gateway.pollInterval = std::chrono::milliseconds(qRound64(m_interval->seconds() * 1000));
    gateway.readOnly = m_readOnly->isChecked();
    gateway.staleAfterSeconds = m_stale->seconds();
    gateway.enabled = m_enabled->isChecked();
    gateway.prometheusId = m_prometheus->currentData().toString();
    gateway.http = m_http->config();
    gateway.savedSecrets = m_http->savedSecrets();
    return gateway;
}

bool GatewayEditor::validate(QString *error) const
{
    GatewayEndpoint endpoint;
    const QString who = connection().displayName();
    if (m_url->text().trimmed().isEmpty()) {
        *error = tr("The gateway needs a URL.");
        return false;
    }
    QString why;
    if (!GatewayEndpoint::parse(m_url->text().trimmed(), &endpoint, &why)) {
        *error = tr("%1: %2").arg(who, why);
        return false;
    }
    if (!durationsValid()) {
        *error = tr("%1: %2").arg(who, m_interval->isValid() ? m_stale->errorText()
                                                             : m_interval->errorText());
        return false;
    }
    if (!QUrl(m_url->text().trimmed()).password().isEmpty()) {
        *error = tr("%1: put the password in the Password field, not in the URL (a URL is saved "
                    "in clear).")
                     .arg(who);
        return false;
    }
    if (!m_http->validate(&why)) {
        *error = tr("%1: %2").arg(who, why);
        return false;
    }
    return true;
}

bool GatewayEditor::durationsValid() const
{
    return m_interval->isValid() && m_stale->isValid();
}

PrometheusEditor::PrometheusEditor(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_grafanaUrl(new QLineEdit(this))
    , m_grafanaDatasource(new QLineEdit(this))
    , m_http(new HttpConfigEditor(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_grafanaUrl->setObjectName(QStringLiteral("grafanaUrlEdit"));
    m_grafanaUrl->setPlaceholderText(tr("Optional: https://grafana.example"));
    m_grafanaUrl->setToolTip(tr("The Grafana that has this server as a data source; enables "
                                "Open in Grafana Explore for its gateways' groups"));
    m_grafanaDatasource->setObjectName(QStringLiteral("grafanaDatasourceEdit"));
    m_grafanaDatasource->setPlaceholderText(tr("Its data source's UID or name there"));
    m_name->setObjectName(QStringLiteral("prometheusNameEdit"));
    m_name->setPlaceholderText(tr("The URL"));
    m_url->setObjectName(QStringLiteral("prometheusUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("http://prometheus:9090"));
    form->addRow(tr("Display name:"), m_name);
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("Grafana URL:"), m_grafanaUrl);
    form->addRow(tr("Grafana data source:"), m_grafanaDatasource);
    layout->addLayout(form);
    layout->addWidget(authGroup(m_http, this));
    layout->addStretch(1);
    const auto emitChanged = [this] {
        if (!m_loading)
            emit changed();
    };
    connect(m_name, &QLineEdit::textChanged, this, emitChanged);
    connect(m_url, &QLineEdit::textChanged, this, emitChanged);
    connect(m_grafanaUrl, &QLineEdit::textChanged, this, emitChanged);
    connect(m_grafanaDatasource, &QLineEdit::textChanged, this, emitChanged);
    connect(m_http, &HttpConfigEditor::changed, this, emitChanged);
}

void PrometheusEditor::setConnection(const PrometheusConnection &server)
{
    m_loading = true;
    m_server = server;
    m_name->setText(server.name);
    m_url->setText(server.url);
    m_grafanaUrl->setText(server.grafanaUrl);
    m_grafanaDatasource->setText(server.grafanaDatasource);
    m_http->setConfig(server.http, server.savedSecrets);
    m_loading = false;
}

PrometheusConnection PrometheusEditor::connection() const
{
    PrometheusConnection server = m_server;
    server.name = m_name->text().trimmed();
    server.url = m_url->text().trimmed();
    server.grafanaUrl = m_grafanaUrl->text().trimmed();
    server.grafanaDatasource = m_grafanaDatasource->text().trimmed();
    server.http = m_http->config();
    server.savedSecrets = m_http->savedSecrets();
    return server;
}

bool PrometheusEditor::validate(QString *error) const
{
    const QString text = m_url->text().trimmed();
    const QString who = m_name->text().trimmed().isEmpty() ? text : m_name->text().trimmed();
    const QUrl url = QUrl::fromUserInput(text);
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        !text.contains(QLatin1String("://"))) {
        *error = text.isEmpty() ? tr("The Prometheus server needs a URL.")
                                : tr("%1: \"%2\" is not an http:// or https:// URL.")
                                      .arg(redactUrlPassword(who), redactUrlPassword(text));
        return false;
    }
    if (!url.password().isEmpty()) {
        *error = tr("%1: put the password in the Password field, not in the URL (a URL is saved "
                    "in clear).")
                     .arg(redactUrlPassword(who));
        return false;
    }
    const QString grafanaText = m_grafanaUrl->text().trimmed();
    const QUrl grafana(grafanaText);
    if (!grafanaText.isEmpty() && (!grafana.isValid() || grafana.host().isEmpty() ||
                                   (grafana.scheme() != QLatin1String("http") &&
                                    grafana.scheme() != QLatin1String("https")))) {
        *error = tr("%1: the Grafana URL \"%2\" is not an http:// or https:// URL.")
                     .arg(redactUrlPassword(who), redactUrlPassword(grafanaText));
        return false;
    }
    if (!grafanaText.isEmpty() && m_grafanaDatasource->text().trimmed().isEmpty()) {
        *error = tr("%1: Grafana needs the UID or name of this server's data source there.")
                     .arg(redactUrlPassword(who));
        return false;
    }
    QString why;
    if (!m_http->validate(&why)) {
        *error = tr("%1: %2").arg(who, why);
        return false;
    }
    return true;
}

} // namespace pushscope::ui
