#include "connectionhttpeditor.h"

#include "connections/connectionstore.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QToolButton>

namespace pushscope::ui {

HttpConfigEditor::HttpConfigEditor(QWidget *parent)
    : QWidget(parent)
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_bearerToken(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_serverName(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("Skip certificate verification (insecure)"), this))
    , m_insecureWarning(new QLabel(this))
    , m_headersProblem(new QLabel(this))
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_bearerToken->setObjectName(QStringLiteral("bearerTokenEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_bearerToken->setEchoMode(QLineEdit::Password);
    form->addRow(tr("User name:"), m_username);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("Bearer token:"), m_bearerToken);

    m_headers->setObjectName(QStringLiteral("headersEdit"));
    m_headers->setPlaceholderText(tr("X-Scope-OrgID: team-a"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 3 + 12);
    form->addRow(tr("Extra headers:"), m_headers);
    m_headersProblem->setObjectName(QStringLiteral("headersProblem"));
    m_headersProblem->setWordWrap(true);
    m_headersProblem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_headersProblem->setVisible(false);
    form->addRow(QString(), m_headersProblem);

    const QString pem = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
    m_caFile = addFileRow(form, tr("CA file:"), QStringLiteral("caFileEdit"), pem);
    m_certFile = addFileRow(form, tr("Client certificate:"), QStringLiteral("certFileEdit"), pem);
    m_keyFile = addFileRow(form, tr("Client key:"), QStringLiteral("keyFileEdit"), pem);
    m_caFile->setPlaceholderText(tr("System certificates"));
    m_serverName->setObjectName(QStringLiteral("serverNameEdit"));
    m_serverName->setPlaceholderText(tr("The URL's host"));
    form->addRow(tr("Server name:"), m_serverName);

    m_insecure->setObjectName(QStringLiteral("insecureCheck"));
    form->addRow(QString(), m_insecure);
    m_insecureWarning->setObjectName(QStringLiteral("insecureWarning"));
    m_insecureWarning->setText(
        tr("\u26a0 The server's certificate is not checked: anyone on the way can read and "
           "change the traffic, passwords and tokens included."));
    m_insecureWarning->setWordWrap(true);
    m_insecureWarning->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_insecureWarning->setVisible(false);
    form->addRow(QString(), m_insecureWarning);

    connect(m_insecure, &QCheckBox::toggled, m_insecureWarning, &QWidget::setVisible);
    for (QLineEdit *edit :
         {m_username, m_password, m_bearerToken, m_caFile, m_certFile, m_keyFile, m_serverName})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            if (!m_loading)
                emit changed();
        });
    // An edited secret field is what counts: cleared means forgotten.
    connect(m_password, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_saved.password = !text.isEmpty();
        updatePlaceholders();
    });
    connect(m_bearerToken, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_saved.bearerToken = !text.isEmpty();
        updatePlaceholders();
    });
    connect(m_headers, &QPlainTextEdit::textChanged, this, [this] {
        QString problem;
        m_headersProblem->setVisible(!validate(&problem));
        m_headersProblem->setText(problem);
        if (!m_loading)
            emit changed();
    });
    connect(m_insecure, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            emit changed();
    });
}

QLineEdit *HttpConfigEditor::addFileRow(QFormLayout *form, const QString &label,
                                        const QString &name, const QString &filter)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(row);
    edit->setObjectName(name);
    auto *browse = new QToolButton(row);
    browse->setText(QStringLiteral("\u2026"));
    browse->setToolTip(tr("Choose a file"));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this, edit, label, filter] {
        const QString file = QFileDialog::getOpenFileName(this, label, edit->text(), filter);
        if (!file.isEmpty())
            edit->setText(file);
    });
    form->addRow(label, row);
    return edit;
}

void HttpConfigEditor::updatePlaceholders()
{
    const QString saved = tr("Saved \u2014 type to replace");
    m_password->setPlaceholderText(m_saved.password ? saved : QString());
    m_bearerToken->setPlaceholderText(m_saved.bearerToken ? saved : QString());
}

void HttpConfigEditor::setConfig(const HttpConfig &config, const SavedSecrets &saved)
{
    m_loading = true;
    m_saved = saved;
    m_saved.password = saved.password || !config.password.isEmpty();
    m_saved.bearerToken = saved.bearerToken || !config.bearerToken.isEmpty();
    m_username->setText(config.username);
    m_password->setText(config.password);
    m_bearerToken->setText(config.bearerToken);
    m_headers->setPlainText(headersToText(config.headers));
    m_caFile->setText(config.caFile);
    m_certFile->setText(config.certFile);
    m_keyFile->setText(config.keyFile);
    m_serverName->setText(config.serverName);
    m_insecure->setChecked(config.insecureSkipVerify);
    m_insecureWarning->setVisible(config.insecureSkipVerify);
    updatePlaceholders();
    m_loading = false;
}

HttpConfig HttpConfigEditor::config() const
{
    HttpConfig config;
    config.username = m_username->text().trimmed();
    config.password = m_password->text();
    config.bearerToken = m_bearerToken->text().trimmed();
    headersFromText(m_headers->toPlainText(), &config.headers, nullptr);
    config.caFile = m_caFile->text().trimmed();
    config.certFile = m_certFile->text().trimmed();
    config.keyFile = m_keyFile->text().trimmed();
    config.serverName = m_serverName->text().trimmed();
    config.insecureSkipVerify = m_insecure->isChecked();
    return config;
}

bool HttpConfigEditor::validate(QString *error) const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    return headersFromText(m_headers->toPlainText(), &headers, error);
}

} // namespace pushscope::ui
