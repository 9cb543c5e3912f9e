#pragma once

#include <QStringList>

namespace pushscope {

// pushscope restore --list [--format table|json]
// pushscope restore ID [--timeout D]
// Lists the backups of deleted groups, or pushes one back to its gateway and grouping key.
// `arguments` starts with the program name, then "restore".
int runRestoreCommand(const QStringList &arguments);

} // namespace pushscope
