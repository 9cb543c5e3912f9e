#include "settingsdialog.h"

#include "connectioneditor.h"
#include "connections/connectionsfile.h"
#include "connections/connectionstore.h"
#include "connections/connectiontester.h"
#include "connections/secretstore.h"
#include "gateway/gatewayendpoint.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

constexpr int kKindRole = Qt::UserRole + 1;

QString serverName(const PrometheusConnection &server)
{
    return server.name.isEmpty() ? redactUrlPassword(server.url) : server.name;
}

} // namespace

SettingsDialog::SettingsDialog(const Connections &connections, SecretStore *secrets,
                               QWidget *parent)
    : QDialog(parent)
    , m_connections(connections)
    , m_saved(connections)
    , m_secrets(secrets)
    , m_tester(new ConnectionTester(this))
    , m_list(new QTreeWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_gatewayEditor(new GatewayEditor(this))
    , m_prometheusEditor(new PrometheusEditor(this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_test(new QPushButton(tr("Test connection"), this))
    , m_result(new QLabel(this))
    , m_keychain(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Connections"));
    assignMissingIds(&m_connections);

    m_list->setObjectName(QStringLiteral("connectionList"));
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setMinimumWidth(220);
    m_gatewaysRoot = new QTreeWidgetItem(m_list, {tr("Pushgateways")});
    m_prometheusRoot = new QTreeWidgetItem(m_list, {tr("Prometheus servers")});
    for (QTreeWidgetItem *root : {m_gatewaysRoot, m_prometheusRoot}) {
        root->setFlags(Qt::ItemIsEnabled);
        QFont bold = root->font(0);
        bold.setBold(true);
        root->setFont(0, bold);
    }
    auto *addGatewayButton = new QPushButton(tr("Add Pushgateway"), this);
    auto *addPrometheusButton = new QPushButton(tr("Add Prometheus"), this);
    addGatewayButton->setObjectName(QStringLiteral("addGatewayButton"));
    addPrometheusButton->setObjectName(QStringLiteral("addPrometheusButton"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(addGatewayButton);
    addRow->addWidget(addPrometheusButton);
    left->addLayout(addRow);
    left->addWidget(m_remove);

    auto *empty = new QLabel(tr("Select a connection, or add a Pushgateway."), this);
    empty->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(empty);
    for (QWidget *editor :
         {static_cast<QWidget *>(m_gatewayEditor), static_cast<QWidget *>(m_prometheusEditor)}) {
        auto *scroll = new QScrollArea(this);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setWidget(editor);
        m_stack->addWidget(scroll);
    }
    m_test->setObjectName(QStringLiteral("testButton"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *right = new QVBoxLayout;
    right->addWidget(m_stack, 1);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    right->addLayout(testRow);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 5);

    m_keychain->setObjectName(QStringLiteral("keychainLabel"));
    m_keychain->setWordWrap(true);
    m_keychain->setText(tr("No keychain is available: passwords and tokens are kept in memory "
                           "for this session only."));
    m_keychain->setVisible(m_secrets && !m_secrets->keychainAvailable());
    if (m_secrets)
        connect(m_secrets, &SecretStore::keychainAvailableChanged, this,
                [this](bool available) { m_keychain->setVisible(!available); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *importButton = buttons->addButton(tr("Import\u2026"), QDialogButtonBox::ResetRole);
    auto *exportButton = buttons->addButton(tr("Export\u2026"), QDialogButtonBox::ResetRole);
    importButton->setObjectName(QStringLiteral("importButton"));
    exportButton->setObjectName(QStringLiteral("exportButton"));
    importButton->setToolTip(tr("Add the connections of a shared file (same id: replaced)"));
    exportButton->setToolTip(tr("Write the connections to a file for the team, without "
                                "passwords or tokens"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_keychain);
    layout->addWidget(buttons);

    connect(addGatewayButton, &QPushButton::clicked, this, [this] { addGateway(); });
    connect(addPrometheusButton, &QPushButton::clicked, this, [this] { addPrometheus(); });
    connect(m_remove, &QPushButton::clicked, this, &SettingsDialog::removeSelected);
    connect(m_test, &QPushButton::clicked, this, &SettingsDialog::testSelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &SettingsDialog::showSelected);
    connect(m_gatewayEditor, &GatewayEditor::changed, this, &SettingsDialog::editorChanged);
    connect(m_prometheusEditor, &PrometheusEditor::changed, this, &SettingsDialog::editorChanged);
    connect(m_gatewayEditor, &GatewayEditor::durationsValidChanged,
            buttons->button(QDialogButtonBox::Ok), &QWidget::setEnabled);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import connections"), QString(), tr("Connections (*.json);;All files (*)"));
        if (!path.isEmpty())
            importFrom(path);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export connections"), QStringLiteral("pushscope-connections.json"),
            tr("Connections (*.json)"));
        if (!path.isEmpty())
            exportTo(path);
    });

    rebuildList(Kind::None, {});
    resize(880, 720);
}

SettingsDialog::~SettingsDialog() = default;

QList<QPair<QString, QString>> SettingsDialog::serverChoices() const
{
    QList<QPair<QString, QString>> choices;
    for (const PrometheusConnection &server : m_connections.prometheus)
        choices.append({server.id, serverName(server)});
    return choices;
}

QTreeWidgetItem *SettingsDialog::itemFor(Kind kind, const QString &id) const
{
    QTreeWidgetItem *root = kind == Kind::Gateway ? m_gatewaysRoot : m_prometheusRoot;
    for (int i = 0; i < root->childCount(); ++i)
        if (root->child(i)->data(0, Qt::UserRole).toString() == id)
            return root->child(i);
    return nullptr;
}

void SettingsDialog::rebuildList(Kind selectKind, const QString &selectId)
{
    const QSignalBlocker blocker(m_list);
    qDeleteAll(m_gatewaysRoot->takeChildren());
    qDeleteAll(m_prometheusRoot->takeChildren());
    for (const GatewayConnection &gateway : m_connections.gateways) {
        auto *item = new QTreeWidgetItem(m_gatewaysRoot, {gateway.displayName()});
        item->setData(0, Qt::UserRole, gateway.id);
        item->setData(0, kKindRole, int(Kind::Gateway));
    }
    for (const PrometheusConnection &server : m_connections.prometheus) {
        auto *item = new QTreeWidgetItem(m_prometheusRoot, {serverName(server)});
        item->setData(0, Qt::UserRole, server.id);
        item->setData(0, kKindRole, int(Kind::Prometheus));
    }
    m_list->expandAll();
    m_list->setCurrentItem(selectKind == Kind::None ? nullptr : itemFor(selectKind, selectId));
    showSelected();
}

void SettingsDialog::showSelected()
{
    m_tester->cancel();
    m_result->clear();
    QTreeWidgetItem *item = m_list->currentItem();
    m_kind = item ? Kind(item->data(0, kKindRole).toInt()) : Kind::None;
    const QString id = item ? item->data(0, Qt::UserRole).toString() : QString();
    m_index = -1;
    if (m_kind == Kind::Gateway) {
        for (int i = 0; i < m_connections.gateways.size(); ++i)
            if (m_connections.gateways.at(i).id == id)
                m_index = i;
    } else if (m_kind == Kind::Prometheus) {
        for (int i = 0; i < m_connections.prometheus.size(); ++i)
            if (m_connections.prometheus.at(i).id == id)
                m_index = i;
    }
    if (m_index < 0)
        m_kind = Kind::None;
    if (m_kind == Kind::Gateway)
        m_gatewayEditor->setConnection(m_connections.gateways.at(m_index), serverChoices());
    else if (m_kind == Kind::Prometheus)
        m_prometheusEditor->setConnection(m_connections.prometheus.at(m_index));
    m_stack->setCurrentIndex(m_kind == Kind::Gateway ? 1 : m_kind == Kind::Prometheus ? 2 : 0);
    m_remove->setEnabled(m_kind != Kind::None);
    m_test->setEnabled(m_kind != Kind::None);
}

void SettingsDialog::editorChanged()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (m_kind == Kind::Gateway) {
        GatewayConnection &gateway = m_connections.gateways[m_index];
        gateway = m_gatewayEditor->connection();
        item->setText(0, gateway.displayName().isEmpty() ? tr("New Pushgateway")
                                                         : gateway.displayName());
    } else if (m_kind == Kind::Prometheus) {
        PrometheusConnection &server = m_connections.prometheus[m_index];
        server = m_prometheusEditor->connection();
        item->setText(0, serverName(server).isEmpty() ? tr("New Prometheus server")
                                                      : serverName(server));
    }
}

int SettingsDialog::addGateway()
{
    GatewayConnection gateway;
    gateway.id = newConnectionId();
    m_connections.gateways.append(gateway);
    rebuildList(Kind::Gateway, gateway.id);
    itemFor(Kind::Gateway, gateway.id)->setText(0, tr("New Pushgateway"));
    m_gatewayEditor->urlEdit()->setFocus();
    return int(m_connections.gateways.size()) - 1;
}

int SettingsDialog::addPrometheus()
{
    PrometheusConnection server;
    server.id = newConnectionId();
    m_connections.prometheus.append(server);
    rebuildList(Kind::Prometheus, server.id);
    itemFor(Kind::Prometheus, server.id)->setText(0, tr("New Prometheus server"));
    m_prometheusEditor->urlEdit()->setFocus();
    return int(m_connections.prometheus.size()) - 1;
}

void SettingsDialog::removeSelected()
{
    if (m_kind == Kind::Gateway) {
        m_connections.gateways.removeAt(m_index);
    } else if (m_kind == Kind::Prometheus) {
        const QString id = m_connections.prometheus.at(m_index).id;
        m_connections.prometheus.removeAt(m_index);
        for (GatewayConnection &gateway : m_connections.gateways)
            if (gateway.prometheusId == id)
                gateway.prometheusId.clear();
    }
    rebuildList(Kind::None, {});
}

void SettingsDialog::showResult(const QString &text, bool ok)
{
    m_result->setStyleSheet(ok ? QStringLiteral("color: #1b6e20;")
                               : QStringLiteral("color: #b3261e;"));
    m_result->setText(text);
}

void SettingsDialog::testSelected()
{
    const auto done = [this](const ConnectionTestResult &result) {
        showResult(result.summary, result.ok);
    };
    m_result->setStyleSheet(QString());
    m_result->setText(tr("Testing\u2026"));
    if (m_kind == Kind::Gateway)
        m_tester->testGateway(m_gatewayEditor->connection(), done);
    else if (m_kind == Kind::Prometheus)
        m_tester->testPrometheus(m_prometheusEditor->connection(), done);
    else
        m_result->clear();
}

bool SettingsDialog::importFrom(const QString &path)
{
    QString error;
    const int gatewaysBefore = int(m_connections.gateways.size());
    const int serversBefore = int(m_connections.prometheus.size());
    if (!importConnectionsFile(path, &m_connections, &error)) {
        showResult(error, false);
        return false;
    }
    rebuildList(Kind::None, {});
    showResult(tr("Imported from %1: %2 new gateway(s), %3 new Prometheus server(s); entries "
                  "with a known id were replaced. Enter their passwords and tokens here.")
                   .arg(QFileInfo(path).fileName())
                   .arg(m_connections.gateways.size() - gatewaysBefore)
                   .arg(m_connections.prometheus.size() - serversBefore),
               true);
    return true;
}

bool SettingsDialog::exportTo(const QString &path)
{
    QString error;
    if (!saveConnectionsFile(path, m_connections, &error)) {
        showResult(error, false);
        return false;
    }
    showResult(tr("Exported to %1 (without passwords or tokens).").arg(path), true);
    return true;
}

bool SettingsDialog::save()
{
    QString error;
    if (m_kind == Kind::Gateway && !m_gatewayEditor->validate(&error)) {
        showResult(error, false);
        return false;
    }
    if (m_kind == Kind::Prometheus && !m_prometheusEditor->validate(&error)) {
        showResult(error, false);
        return false;
    }
    for (const GatewayConnection &gateway : m_connections.gateways) {
        GatewayEndpoint endpoint;
        QString why;
        if (!GatewayEndpoint::parse(gateway.url, &endpoint, &why)) {
            rebuildList(Kind::Gateway, gateway.id);
            showResult(gateway.url.isEmpty() ? tr("The gateway needs a URL.")
                                             : tr("%1: %2").arg(gateway.displayName(), why),
                       false);
            return false;
        }
    }
    Connections toSave = m_connections;
    markSecretsSaved(&toSave);
    QSettings fallback;
    ConnectionStore::save(m_settings ? m_settings : &fallback, toSave);
    if (m_secrets)
        m_secrets->saveSecrets(
            toSave, m_saved,
            [window = QPointer<QWidget>(parentWidget())](bool ok, const QString &) {
                if (ok)
                    return;
                // Said to the operator, not logged: the keychain's own
                // text is not ours to print.
                QTimer::singleShot(0, window, [window] {
                    QMessageBox::warning(window, tr("Secrets not saved"),
                                         tr("The keychain did not take the passwords or "
                                            "tokens: they are kept for this session only, and "
                                            "the keychain may still hold older ones."));
                });
            });
    m_saved = toSave;
    m_connections = toSave;
    emit connectionsSaved(toSave);
    return true;
}

void SettingsDialog::accept()
{
    if (save())
        QDialog::accept();
}

int askForMissingSecrets(Connections *connections, SecretStore *secrets, QWidget *parent)
{
    int entered = 0;
    for (const SecretSlot &slot : secretSlots(connections)) {
        if (!slot.saved || !slot.value->isEmpty())
            continue;
        const QString what = slot.kind == SecretStore::Kind::Password
                                 ? QObject::tr("the password")
                                 : QObject::tr("the bearer token");
        bool ok = false;
        const QString value = QInputDialog::getText(
            parent, QObject::tr("Secret needed"),
            QObject::tr("The keychain could not give %1 for %2.\nEnter it for this session "
                        "(it is not stored):")
                .arg(what, slot.connectionName),
            QLineEdit::Password, QString(), &ok);
        if (!ok || value.isEmpty())
            continue;
        *slot.value = value;
        if (secrets)
            secrets->rememberForSession(slot.key, value);
        ++entered;
    }
    return entered;
}

} // namespace pushscope::ui
