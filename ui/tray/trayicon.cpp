#include "trayicon.h"

#include "table/outcomestyle.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPixmap>
#include <QStringList>

namespace pushscope::ui {

namespace {

// Lower case, as counts read in a sentence.
QString countWord(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Failed:
        return QCoreApplication::translate("TrayIcon", "failed");
    case Outcome::Stale:
        return QCoreApplication::translate("TrayIcon", "stale");
    case Outcome::Late:
        return QCoreApplication::translate("TrayIcon", "late");
    case Outcome::Unknown:
        return QCoreApplication::translate("TrayIcon", "unknown");
    case Outcome::Success:
        return QCoreApplication::translate("TrayIcon", "ok");
    }
    return {};
}

QPixmap disc(int size, const QColor &fill, bool ring)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal margin = size / 16.0;
    const QRectF outer(margin, margin, size - 2 * margin, size - 2 * margin);
    if (ring) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x21, 0x21, 0x21));
        painter.drawEllipse(outer);
    }
    const qreal inset = ring ? size / 8.0 : 0;
    painter.setPen(QPen(QColor(255, 255, 255, 220), std::max(1.0, size / 32.0)));
    painter.setBrush(fill);
    painter.drawEllipse(outer.adjusted(inset, inset, -inset, -inset));
    return pixmap;
}

} // namespace

std::optional<Outcome> worstOutcome(const OutcomeCounts &counts)
{
    for (int i = 0; i < kOutcomeCount; ++i)
        if (counts.at(size_t(i)) > 0)
            return Outcome(i);
    return std::nullopt;
}

QIcon trayIconFor(const OutcomeCounts &counts, bool someGatewayUnreachable)
{
    const QColor fill = outcomeColor(worstOutcome(counts).value_or(Outcome::Unknown));
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64})
        icon.addPixmap(disc(size, fill, someGatewayUnreachable));
    return icon;
}

QString trayToolTip(const OutcomeCounts &counts, int unreachableGateways)
{
    QStringList parts;
    for (int i = 0; i < kOutcomeCount; ++i)
        if (const int n = counts.at(size_t(i)))
            parts.append(QStringLiteral("%1 %2").arg(n).arg(countWord(Outcome(i))));
    QString text = QStringLiteral("PushScope — ") +
                   (parts.isEmpty() ? QCoreApplication::translate("TrayIcon", "no groups")
                                    : parts.join(QStringLiteral(", ")));
    if (unreachableGateways == 1)
        text +=
            QLatin1Char('\n') + QCoreApplication::translate("TrayIcon", "1 gateway unreachable");
    else if (unreachableGateways > 1)
        text +=
            QLatin1Char('\n') + QCoreApplication::translate("TrayIcon", "%1 gateways unreachable")
                                    .arg(unreachableGateways);
    return text;
}

} // namespace pushscope::ui
