#include "utcaction.h"

#include "model/timeformat.h"

#include <QAction>
#include <QSettings>

namespace pushscope::ui {

namespace {

const QString kTimesInUtc = QStringLiteral("view/timesInUtc");

} // namespace

QAction *createUtcAction(QObject *parent)
{
    auto *action = new QAction(QObject::tr("Show times in &UTC"), parent);
    action->setObjectName(QStringLiteral("utcAction"));
    action->setCheckable(true);
    action->setToolTip(
        QObject::tr("Dates and times in UTC (2026-12-01 07:15:11Z) instead of local time "
                    "with its offset (2026-12-01 08:15:11 +01:00)"));
    const bool utc = QSettings().value(kTimesInUtc, false).toBool();
    setTimesInUtc(utc);
    action->setChecked(utc);
    QObject::connect(action, &QAction::toggled, action, [](bool checked) {
        setTimesInUtc(checked);
        QSettings().setValue(kTimesInUtc, checked);
    });
    return action;
}

} // namespace pushscope::ui
