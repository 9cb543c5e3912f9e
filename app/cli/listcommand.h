#pragma once

#include <QStringList>

namespace pushscope {

// pushscope list --gateway URL [...] [--format table|json|csv] [selection options]
// `arguments` starts with the program name, then "list".
int runListCommand(const QStringList &arguments);

} // namespace pushscope
