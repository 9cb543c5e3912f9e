#pragma once

#include "model/outcome.h"

#include <QColor>
#include <QIcon>

namespace pushscope::ui {

// How an outcome looks: always icon and text, with colour as a third cue.
QIcon outcomeIcon(Outcome outcome);
QColor outcomeColor(Outcome outcome);
QIcon appIcon();

} // namespace pushscope::ui
