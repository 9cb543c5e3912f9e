#pragma once

#include "connections/connection.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QSettings;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace pushscope {
class ConnectionTester;
class SecretStore;
} // namespace pushscope

namespace pushscope::ui {

class GatewayEditor;
class PrometheusEditor;

// The Connections dialog: saved Pushgateways and Prometheus servers in a list, a form for
// the selected one, "Test connection", Import… and Export… of the shared connections file.
// OK validates, then saves (ConnectionStore into the settings, secrets into the
// SecretStore); Cancel changes nothing already saved. Edits are kept in a working copy,
// which connections() returns.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const Connections &connections, SecretStore *secrets, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Where OK saves; the application's QSettings() when not set. Not owned.
    void setSettings(QSettings *settings) { m_settings = settings; }
    // The connections as edited so far (ids assigned).
    Connections connections() const { return m_connections; }

    // The actions behind the buttons, without the file dialogs (also for tests).
    int addGateway();    // selects the new gateway's form; returns its index
    int addPrometheus(); // likewise for a Prometheus server
    void removeSelected();
    void testSelected();
    bool importFrom(const QString &path); // false: the sentence is in resultLabel()
    bool exportTo(const QString &path);
    // Validates everything and saves it; false (with the sentence shown) when invalid.
    bool save();
    void accept() override;

    QTreeWidget *list() const { return m_list; }
    GatewayEditor *gatewayEditor() const { return m_gatewayEditor; }
    PrometheusEditor *prometheusEditor() const { return m_prometheusEditor; }
    QPushButton *testButton() const { return m_test; }
    QLabel *resultLabel() const { return m_result; }
    QLabel *keychainLabel() const { return m_keychain; }

signals:
    // After OK saved: what start-up or the main window should use from now on.
    void connectionsSaved(const Connections &connections);

private:
    enum class Kind { None, Gateway, Prometheus };
    void rebuildList(Kind selectKind, const QString &selectId);
    void showSelected();
    void editorChanged();
    void showResult(const QString &text, bool ok);
    QList<QPair<QString, QString>> serverChoices() const;
    QTreeWidgetItem *itemFor(Kind kind, const QString &id) const;

    Connections m_connections;
    Connections m_saved; // what was saved before (to remove secrets that were cleared)
    SecretStore *m_secrets;
    QSettings *m_settings = nullptr;
    ConnectionTester *m_tester;
    Kind m_kind = Kind::None;
    int m_index = -1;
    QTreeWidget *m_list;
    QTreeWidgetItem *m_gatewaysRoot;
    QTreeWidgetItem *m_prometheusRoot;
    QStackedWidget *m_stack;
    GatewayEditor *m_gatewayEditor;
    PrometheusEditor *m_prometheusEditor;
    QPushButton *m_remove;
    QPushButton *m_test;
    QLabel *m_result;
    QLabel *m_keychain;
};

// Asks (a password dialog per secret) for the secrets `connections` marks as saved but the
// keychain could not give, fills them in and keeps them in `secrets` for this session only.
// Returns how many were entered; a cancelled prompt leaves that secret empty.
int askForMissingSecrets(Connections *connections, SecretStore *secrets, QWidget *parent);

} // namespace pushscope::ui
