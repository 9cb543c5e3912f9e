#include "durationedit.h"

#include "model/duration.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace pushscope::ui {

DurationEdit::DurationEdit(double minimumSeconds, double maximumSeconds, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_errorLabel(new QLabel(this))
    , m_minimum(minimumSeconds)
    , m_maximum(maximumSeconds)
    , m_seconds(minimumSeconds)
{
    m_edit->setPlaceholderText(QStringLiteral("30s, 1m30s, 1h"));
    m_errorLabel->setObjectName(QStringLiteral("durationErrorLabel"));
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit);
    layout->addWidget(m_errorLabel);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        read();
        emit edited();
    });
}

void DurationEdit::setSeconds(double seconds)
{
    m_edit->setText(formatDuration(seconds));
}

void DurationEdit::read()
{
    double seconds = 0;
    QString why;
    if (!parseDuration(m_edit->text().trimmed(), &seconds, &why))
        m_error = why.isEmpty() ? tr("Enter a duration such as 30s, 1m30s or 1h.") : why;
    else if (seconds < m_minimum || seconds > m_maximum)
        m_error = tr("Enter a duration from %1 to %2.")
                      .arg(formatDuration(m_minimum), formatDuration(m_maximum));
    else
        m_error.clear();
    if (m_error.isEmpty())
        m_seconds = seconds;
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
}

} // namespace pushscope::ui
