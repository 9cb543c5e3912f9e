#pragma once

#include <QStringList>

namespace pushscope {

// True when the arguments ask for a headless command (list, ...) or for --version /
// --help, which must work without a display.
bool isHeadlessInvocation(const QStringList &arguments);
// Runs it; the QCoreApplication must exist. Returns the process exit code.
int runHeadless(const QStringList &arguments);

} // namespace pushscope
