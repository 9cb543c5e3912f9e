#include "secretstore.h"

#include <QSet>
#include <QTimer>
#include <memory>
#include <qt6keychain/keychain.h>

namespace pushscope {

namespace {

const QString kServiceName = QString::fromLatin1(SecretStore::kService);

template<typename Job> Job *newJob(const QString &key, QObject *parent)
{
    auto *job = new Job(kServiceName, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a secret in a plain settings file
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(Backend backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_keychainAvailable(backend == Backend::Keychain)
{}

SecretStore::~SecretStore() = default;

QString SecretStore::keyFor(const QString &connectionId, Kind kind)
{
    return connectionId +
           (kind == Kind::Password ? QStringLiteral("/password") : QStringLiteral("/bearer_token"));
}

bool SecretStore::isBackendFailure(int keychainError) const
{
    return keychainError == QKeychain::NoBackendAvailable ||
           keychainError == QKeychain::NotImplemented || keychainError == QKeychain::OtherError;
}

void SecretStore::markUnavailable(const QString &why)
{
    Q_UNUSED(why) // a keychain's error text may quote what it was given: not logged
    if (!m_keychainAvailable)
        return;
    m_keychainAvailable = false;
    emit keychainAvailableChanged(false);
}

void SecretStore::write(const QString &key, const QString &value, WriteDone done)
{
    m_session.insert(key, value);
    if (!m_keychainAvailable) {
        QTimer::singleShot(0, this, [done] {
            if (done)
                done(true, {});
        });
        return;
    }
    auto *job = newJob<QKeychain::WritePasswordJob>(key, this);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *finished) {
        const int error = finished->error();
        if (error != QKeychain::NoError && isBackendFailure(error))
            markUnavailable(finished->errorString()); // kept in memory for this session
        const bool ok = error == QKeychain::NoError || isBackendFailure(error);
        if (done)
            done(ok, ok ? QString()
                        : QStringLiteral("The keychain refused to store the secret: %1")
                              .arg(finished->errorString()));
    });
    job->start();
}

void SecretStore::read(const QString &key, ReadDone done)
{
    const auto cached = m_session.constFind(key);
    if (cached != m_session.cend() || !m_keychainAvailable) {
        const bool found = cached != m_session.cend();
        const QString value = found ? *cached : QString();
        QTimer::singleShot(0, this, [done, found, value] { done(found, value); });
        return;
    }
    auto *job = newJob<QKeychain::ReadPasswordJob>(key, this);
    connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *finished) {
        const int error = finished->error();
        if (error == QKeychain::NoError) {
            const QString value = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            m_session.insert(key, value);
            done(true, value);
            return;
        }
        if (isBackendFailure(error))
            markUnavailable(finished->errorString());
        done(false, {});
    });
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    m_session.remove(key);
    if (!m_keychainAvailable) {
        QTimer::singleShot(0, this, [done] {
            if (done)
                done(true, {});
        });
        return;
    }
    auto *job = newJob<QKeychain::DeletePasswordJob>(key, this);
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *finished) {
        const int error = finished->error();
        if (isBackendFailure(error))
            markUnavailable(finished->errorString());
        const bool ok = error == QKeychain::NoError || error == QKeychain::EntryNotFound ||
                        isBackendFailure(error);
        if (done)
            done(ok, ok ? QString()
                        : QStringLiteral("The keychain could not remove the secret: %1")
                              .arg(finished->errorString()));
    });
    job->start();
}

void SecretStore::rememberForSession(const QString &key, const QString &value)
{
    m_session.insert(key, value);
}

void SecretStore::saveSecrets(const Connections &connections, const Connections &previous,
                              WriteDone done)
{
    Connections current = connections;
    Connections before = previous;
    QSet<QString> keep;
    QSet<QString> hadBefore;
    for (const SecretSlot &slot : secretSlots(&before))
        if (slot.saved || !slot.value->isEmpty())
            hadBefore.insert(slot.key);
    QList<QPair<QString, QString>> writes;
    for (const SecretSlot &slot : secretSlots(&current)) {
        if (!slot.value->isEmpty())
            writes.append({slot.key, *slot.value});
        if (!slot.value->isEmpty() || slot.saved)
            keep.insert(slot.key);
    }
    const QSet<QString> removals = hadBefore - keep;

    struct Progress {
        int pending = 0;
        QString firstError;
        WriteDone done;
    };
    auto progress = std::make_shared<Progress>();
    progress->pending = int(writes.size() + removals.size());
    progress->done = std::move(done);
    const auto oneDone = [progress](bool ok, const QString &error) {
        if (!ok && progress->firstError.isEmpty())
            progress->firstError = error;
        if (--progress->pending == 0 && progress->done)
            progress->done(progress->firstError.isEmpty(), progress->firstError);
    };
    if (progress->pending == 0) {
        QTimer::singleShot(0, this, [progress] {
            if (progress->done)
                progress->done(true, {});
        });
        return;
    }
    for (const auto &[key, value] : writes)
        write(key, value, oneDone);
    for (const QString &key : removals)
        remove(key, oneDone);
}

void SecretStore::loadSecrets(const Connections &connections, std::function<void(Connections)> done)
{
    auto result = std::make_shared<Connections>(connections);
    auto pending = std::make_shared<int>(0);
    const QList<SecretSlot> wanted = secretSlots(result.get());
    for (const SecretSlot &slot : wanted)
        if (slot.saved && slot.value->isEmpty())
            ++*pending;
    if (*pending == 0) {
        QTimer::singleShot(0, this, [result, done] { done(*result); });
        return;
    }
    for (const SecretSlot &slot : wanted) {
        if (!slot.saved || !slot.value->isEmpty())
            continue;
        QString *target = slot.value; // points into *result, which the lambda keeps alive
        read(slot.key, [result, pending, target, done](bool found, const QString &value) {
            if (found)
                *target = value;
            if (--*pending == 0)
                done(*result);
        });
    }
}

QList<SecretSlot> secretSlots(Connections *connections)
{
    QList<SecretSlot> list;
    const auto add = [&list](const QString &id, const QString &name, HttpConfig *http,
                             const SavedSecrets &saved) {
        list.append({SecretStore::keyFor(id, SecretStore::Kind::Password), name,
                     SecretStore::Kind::Password, &http->password, saved.password});
        list.append({SecretStore::keyFor(id, SecretStore::Kind::BearerToken), name,
                     SecretStore::Kind::BearerToken, &http->bearerToken, saved.bearerToken});
    };
    for (GatewayConnection &g : connections->gateways)
        add(g.id, g.displayName(), &g.http, g.savedSecrets);
    for (PrometheusConnection &p : connections->prometheus)
        add(p.id, p.name.isEmpty() ? p.url : p.name, &p.http, p.savedSecrets);
    return list;
}

} // namespace pushscope
