#pragma once

#include "connections/connection.h"

#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace pushscope::ui {

// The authentication and TLS part of a connection form, field for field HttpConfig
// (Prometheus' http_config): basic auth, bearer token, extra headers ("Name: value" per
// line), CA file, client certificate and key, server name, and insecure-skip-verify, which
// shows a warning while it is checked.
class HttpConfigEditor : public QWidget
{
    Q_OBJECT

public:
    explicit HttpConfigEditor(QWidget *parent = nullptr);

    // `saved`: which secrets are stored in the keychain although `config` lacks their value
    // (shown as a placeholder; typing replaces, clearing a typed value forgets them).
    void setConfig(const HttpConfig &config, const SavedSecrets &saved);
    HttpConfig config() const;
    SavedSecrets savedSecrets() const { return m_saved; }
    // False with a sentence when the extra headers do not parse.
    bool validate(QString *error) const;

    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *bearerTokenEdit() const { return m_bearerToken; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QCheckBox *insecureCheck() const { return m_insecure; }
    QLabel *insecureWarning() const { return m_insecureWarning; }
    QLabel *headersProblem() const { return m_headersProblem; }

signals:
    void changed();

private:
    QLineEdit *addFileRow(QFormLayout *form, const QString &label, const QString &name,
                          const QString &filter);
    void updatePlaceholders();

    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_bearerToken;
    QPlainTextEdit *m_headers;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_serverName;
    QCheckBox *m_insecure;
    QLabel *m_insecureWarning;
    QLabel *m_headersProblem; // why the extra headers do not parse; hidden when they do
    SavedSecrets m_saved;
    bool m_loading = false;
};

} // namespace pushscope::ui
