#pragma once

#include "deletejournal.h"
#include "gateway/gatewayclient.h"

#include <functional>

namespace pushscope {

// Pushes a journal entry's metrics back with PUT to the same grouping key (the group's push
// time becomes now) and marks the entry restored. `client` must talk to the entry's gateway.
void restoreFromJournal(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
                        std::function<void(const WriteResult &)> done);

// The journal with the size limit from the settings (deleteJournal/maxMegabytes, default 64).
DeleteJournal journalFromSettings();

} // namespace pushscope
