#pragma once

#include "connection.h"

#include <QHash>
#include <QObject>
#include <functional>

namespace pushscope {

// Connection secrets (basic-auth passwords, bearer tokens) in the system keychain through
// QtKeychain: service "PushScope", keys "<connection id>/password" and
// "<connection id>/bearer_token". Every call is asynchronous; callbacks run on this
// object's thread and are dropped if it is destroyed first.
//
// When no keychain can be reached (no D-Bus secret service, as in CI) the store falls back
// to memory for this session only and keychainAvailable() turns false. It never writes a
// secret to disk in clear (QtKeychain's insecure fallback is off).
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Backend {
        Keychain,   // the system keychain, memory when it turns out to be unavailable
        MemoryOnly, // this session only (tests, or an operator who wants nothing stored)
    };
    enum class Kind { Password, BearerToken };

    static constexpr const char *kService = "PushScope";

    explicit SecretStore(Backend backend = Backend::Keychain, QObject *parent = nullptr);
    ~SecretStore() override;

    // False in MemoryOnly mode and once a keychain call failed for lack of a keychain.
    bool keychainAvailable() const { return m_keychainAvailable; }
    static QString keyFor(const QString &connectionId, Kind kind);

    using WriteDone = std::function<void(bool ok, const QString &error)>;
    using ReadDone = std::function<void(bool found, const QString &value)>;
    void write(const QString &key, const QString &value, WriteDone done = {});
    void read(const QString &key, ReadDone done);
    void remove(const QString &key, WriteDone done = {});
    // Held in memory for this session only, never written to the keychain (e.g. a password
    // typed at start-up because the keychain could not give it).
    void rememberForSession(const QString &key, const QString &value);

    // Writes every secret the connections carry and removes the ones that were cleared
    // (for connections in `previous` that no longer have them, or are gone). `done` gets
    // the first error, if any.
    void saveSecrets(const Connections &connections, const Connections &previous,
                     WriteDone done = {});
    // Reads the secrets `connections` has marked as saved and fills them in. Secrets the
    // keychain could not give stay empty (see ui::askForMissingSecrets).
    void loadSecrets(const Connections &connections, std::function<void(Connections)> done);

signals:
    void keychainAvailableChanged(bool available);

private:
    void markUnavailable(const QString &why);
    bool isBackendFailure(int keychainError) const;

    Backend m_backend;
    bool m_keychainAvailable;
    QHash<QString, QString> m_session; // memory copy for this session, never on disk
};

// Every secret key a connection list refers to: (key, pointer into `connections`).
struct SecretSlot {
    QString key;
    QString connectionName;
    SecretStore::Kind kind;
    QString *value;
    bool saved;
};
QList<SecretSlot> secretSlots(Connections *connections);

} // namespace pushscope
