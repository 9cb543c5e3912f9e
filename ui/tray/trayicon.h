#pragma once

#include "model/outcome.h"

#include <QIcon>
#include <QString>
#include <optional>

namespace pushscope::ui {

// The most urgent outcome with at least one group (enum order); none without groups.
std::optional<Outcome> worstOutcome(const OutcomeCounts &counts);
// The tray's icon: a disc in the worst outcome's colour (outcomeColor()), grey without
// groups, with a dark ring when some gateway is unreachable.
QIcon trayIconFor(const OutcomeCounts &counts, bool someGatewayUnreachable);
// "PushScope — 2 failed, 1 late, 40 ok" with the unreachable gateways on a line of their own.
QString trayToolTip(const OutcomeCounts &counts, int unreachableGateways);

} // namespace pushscope::ui
