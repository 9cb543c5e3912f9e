#include "outcomestyle.h"

#include <array>

namespace pushscope::ui {

QIcon outcomeIcon(Outcome outcome)
{
    static const std::array<QIcon, kOutcomeCount> icons = {
        QIcon(QStringLiteral(":/icons/outcome-failed.svg")),
        QIcon(QStringLiteral(":/icons/outcome-stale.svg")),
        QIcon(QStringLiteral(":/icons/outcome-late.svg")),
        QIcon(QStringLiteral(":/icons/outcome-unknown.svg")),
        QIcon(QStringLiteral(":/icons/outcome-success.svg")),
    };
    return icons.at(size_t(outcome));
}

QColor outcomeColor(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case Outcome::Stale:
        return QColor(0xb2, 0x6a, 0x00);
    case Outcome::Late:
        return QColor(0x8f, 0x6d, 0x00);
    case Outcome::Success:
        return QColor(0x2e, 0x7d, 0x32);
    case Outcome::Unknown:
        return QColor(0x5f, 0x6b, 0x77);
    }
    return {};
}

QIcon appIcon()
{
    return QIcon(QStringLiteral(":/icons/pushscope.svg"));
}

} // namespace pushscope::ui
