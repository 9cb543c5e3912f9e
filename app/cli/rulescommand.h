#pragma once

#include <QStringList>

namespace pushscope {

// pushscope rules --gateway URL [selection options] [-o FILE]: a Prometheus rule file with a
// lateness and failure alerts per job of the selected groups (model/alertrules.h). One poll
// learns no cadence, so every lateness threshold is --stale-after.
// `arguments` starts with the program name, then "rules".
int runRulesCommand(const QStringList &arguments);

} // namespace pushscope
