#include "gatewaybanner.h"

#include "model/gatewaymonitor.h"
#include "model/timeformat.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>

namespace pushscope::ui {

GatewayBanner::GatewayBanner(GatewayMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry now"), this))
{
    setObjectName(QStringLiteral("gatewayBanner"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(
        QStringLiteral("#gatewayBanner { background: #fff4e0; border: 1px solid #f0b050;"
                       " border-radius: 4px; } #gatewayBanner QLabel { color: #4a3000; }"));
    m_icon->setPixmap(QIcon(QStringLiteral(":/icons/warning.svg")).pixmap(20, 20));
    m_icon->setAlignment(Qt::AlignTop);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    connect(m_retry, &QPushButton::clicked, this, &GatewayBanner::retryRequested);
    hide();
}

void GatewayBanner::update()
{
    QStringList lines;
    for (int i = 0; i < m_monitor->gatewayCount(); ++i) {
        const GatewayPollState &state = m_monitor->state(i);
        if (!state.clockWarning.isEmpty())
            lines.append(tr("<b>%1</b>: %2.")
                             .arg(state.name.toHtmlEscaped(), state.clockWarning.toHtmlEscaped()));
        if (state.ok || state.error.isEmpty())
            continue;
        QString line =
            tr("<b>%1</b>: %2").arg(state.name.toHtmlEscaped(), state.error.toHtmlEscaped());
        if (state.everOk)
            line += QLatin1Char(' ') + tr("Its rows are out of date: last read at %1.")
                                           .arg(formatTimeOfDay(state.lastSuccessAt));
        else
            line += QLatin1Char(' ') + tr("No groups have been read from it yet.");
        lines.append(line);
    }
    m_label->setText(lines.join(QStringLiteral("<br>")));
    setVisible(!lines.isEmpty());
}

QString GatewayBanner::text() const
{
    return m_label->text();
}

} // namespace pushscope::ui
