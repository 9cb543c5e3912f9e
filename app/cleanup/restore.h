#pragma once

#include "deletejournal.h"
#include "gateway/gatewayclient.h"

#include <functional>

namespace pushscope {

struct RestoreResult : WriteResult {
    // Nothing was pushed: the gateway has the group with a push newer than the delete.
    bool newerOnGateway = false;
    QDateTime gatewayPushTime; // that push, when newerOnGateway
};

// Pushes a journal entry's body back with PUT (and its content type) to the same grouping
// key, and marks the entry restored; the group's push time becomes now. First the gateway
// is read: if it holds the group with a push (or failed push) newer than the backup's
// deletion, nothing is pushed and newerOnGateway is set, unless `overwrite`. `client`
// must talk to the entry's gateway.
void restoreFromJournal(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
                        bool overwrite, std::function<void(const RestoreResult &)> done);

// Restores many entries of one gateway (`client`'s) as restoreFromJournal() does without
// `overwrite`, reading the gateway once for all of them rather than once per entry; then
// pushes them one after the other. `each` gets every entry's result (by its index in
// `entries`), `done` follows the last.
void restoreManyFromJournal(DeleteJournal *journal, const QList<JournalEntry> &entries,
                            GatewayClient *client,
                            std::function<void(int index, const RestoreResult &)> each,
                            std::function<void()> done);

// The journal with the size limit from the settings (deleteJournal/maxMegabytes, default 64).
DeleteJournal journalFromSettings();

} // namespace pushscope
