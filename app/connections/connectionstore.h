#pragma once

#include "connection.h"

class QSettings;

namespace pushscope {

// Saves the operator's connections in the application settings (group "connections") and
// reads them back. Every field is kept except the secrets: for a password or bearer token
// only the fact that one exists is stored (SavedSecrets), the value goes to SecretStore.
// A gateway whose URL is listed in the older readOnlyGateways setting loads as read-only.
class ConnectionStore
{
public:
    // Settings layout version, written as connections/version.
    static constexpr int kVersion = 1;

    // Writes `connections` (ids assigned first where missing) and replaces what was saved.
    static void save(QSettings *settings, const Connections &connections);
    // Reads what save() wrote; an empty Connections when nothing was saved. Secrets are
    // empty, savedSecrets tells which ones exist.
    static Connections load(QSettings *settings);
};

// Gives every connection without an id a new one (a UUID without braces). Ids of
// gateways' prometheusId links are left as they are.
void assignMissingIds(Connections *connections);
QString newConnectionId();

// Marks the secrets `connections` carries as saved (before writing them to the keychain);
// a secret already marked stays marked (the operator clears the mark by clearing the field).
void markSecretsSaved(Connections *connections);

// Extra headers as the settings dialog shows them: "Name: value", one per line.
QString headersToText(const QList<QPair<QByteArray, QByteArray>> &headers);
// The reverse; blank lines are skipped. False with a sentence for a line without a name.
bool headersFromText(const QString &text, QList<QPair<QByteArray, QByteArray>> *headers,
                     QString *error);

} // namespace pushscope
