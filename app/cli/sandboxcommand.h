#pragma once

#include <QStringList>

namespace pushscope {

// pushscope sandbox [--jobs demo|none] [--interval 5s]
// Starts a local prometheus-pushgateway and prometheus (the sandbox) and the demo jobs,
// prints "gateway URL" and "prometheus URL", then push errors as they happen, until
// SIGINT or SIGTERM; then stops the servers and exits 0. `arguments` starts with the
// program name, then "sandbox".
int runSandboxCommand(const QStringList &arguments);

} // namespace pushscope
