#pragma once

#include "cli/guioptions.h"

namespace pushscope::ui {

// Builds the monitor and the window from the command line and runs the event loop.
// In screenshot mode it renders the window to a PNG and returns instead.
int runGui(const GuiOptions &options);

} // namespace pushscope::ui
