#pragma once

#include <QStringList>

namespace pushscope {

// pushscope delete --gateway URL [--match M]... [--group KEY]... [--older-than D]
//                  [--outcome O] [--dry-run] [--yes] [--format table|json]
// Deletes the selected groups exactly, each backed up to the journal first, and verifies
// afterwards that the gateway no longer reports them. `arguments` starts with the program
// name, then "delete".
int runDeleteCommand(const QStringList &arguments);

} // namespace pushscope
