#include "deletejournal.h"

#include "gateway/expositionwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace pushscope {

namespace {

const QByteArray kMagic = QByteArrayLiteral("# pushscope-deleted-group 1");
const QString kSuffix = QStringLiteral(".prom");

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text;
}

GroupingKey keyFromJson(const QByteArray &json)
{
    Labels labels;
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.append({it.key(), it.value().toString()});
    return GroupingKey(labels);
}

// Atomic (a reader sees the old or the new file, never half of one) but not synced: a
// bulk delete writes thousands of backups, and an fsync each would make it crawl. The
// gateway itself only persists every few minutes.
bool writeAtomically(const QString &path, const QByteArray &text, QString *error)
{
    const QString temporary = path + QStringLiteral(".tmp");
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size() ||
        !file.flush()) {
        *error = file.errorString();
        file.remove();
        return false;
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(),
                    QFile::encodeName(path).constData()) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        QFile::remove(temporary);
        return false;
    }
    return true;
}

// A new entry is written in place: a file cut short by a crash does not parse and is
// ignored, so the extra rename of writeAtomically() is not needed.
bool writeNew(const QString &path, const QByteArray &text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) || file.write(text) != text.size() ||
        !file.flush()) {
        *error = file.errorString();
        file.remove();
        return false;
    }
    return true;
}

} // namespace

DeleteJournal::DeleteJournal(QString directory, qint64 maxBytes)
    : m_directory(std::move(directory))
    , m_maxBytes(maxBytes)
{}

QString DeleteJournal::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/deleted");
}

QString DeleteJournal::pathOf(const QString &id) const
{
    return m_directory + QLatin1Char('/') + id + kSuffix;
}

QByteArray DeleteJournal::formatEntry(const JournalEntry &entry)
{
    QByteArray text = kMagic + '\n';
    auto header = [&](const char *name, const QString &value) {
        text += "# " + QByteArray(name) + ": " + oneLine(value).toUtf8() + '\n';
    };
    header("id", entry.id);
    header("gateway", entry.gateway);
    header("key", entry.key.toString()); // for people
    QJsonObject key;                     // exact: JSON escapes every character
    for (const auto &label : entry.key.labels())
        key.insert(label.first, label.second);
    header("key-json", QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact)));
    header("deleted-at", entry.deletedAt.toUTC().toString(Qt::ISODateWithMs));
    header("status", entry.status);
    header("note", entry.note);
    header("outcome-before", entry.outcomeBefore);
    header("push-time", QString::number(entry.pushTime, 'f', 6));
    text += '\n';
    text += entry.metricsText;
    return text;
}

bool DeleteJournal::parseEntry(const QByteArray &text, JournalEntry *entry)
{
    if (!text.startsWith(kMagic + '\n'))
        return false;
    const qsizetype bodyStart = text.indexOf("\n\n");
    if (bodyStart < 0)
        return false;
    JournalEntry parsed;
    const QList<QByteArray> lines = text.left(bodyStart).split('\n');
    for (const QByteArray &rawLine : lines.mid(1)) {
        const QString line = QString::fromUtf8(rawLine);
        if (!line.startsWith(QStringLiteral("# ")))
            return false;
        const qsizetype colon = line.indexOf(QStringLiteral(": "));
        if (colon < 0)
            continue;
        const QString name = line.mid(2, colon - 2);
        const QString value = line.mid(colon + 2);
        if (name == u"id")
            parsed.id = value;
        else if (name == u"gateway")
            parsed.gateway = value;
        else if (name == u"key-json")
            parsed.key = keyFromJson(value.toUtf8());
        else if (name == u"deleted-at")
            parsed.deletedAt = QDateTime::fromString(value, Qt::ISODateWithMs);
        else if (name == u"status")
            parsed.status = value;
        else if (name == u"note")
            parsed.note = value;
        else if (name == u"outcome-before")
            parsed.outcomeBefore = value;
        else if (name == u"push-time")
            parsed.pushTime = value.toDouble();
    }
    if (parsed.id.isEmpty() || parsed.key.job().isEmpty())
        return false;
    parsed.metricsText = text.mid(bodyStart + 2);
    parsed.sizeBytes = text.size();
    *entry = parsed;
    return true;
}

std::optional<JournalEntry> DeleteJournal::record(const QString &gateway, const Group &group,
                                                  const QString &outcomeBefore, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        *error = QStringLiteral("Cannot create the backup directory %1. Nothing was deleted.")
                     .arg(m_directory);
        return std::nullopt;
    }
    JournalEntry entry;
    entry.deletedAt = QDateTime::currentDateTimeUtc();
    entry.id = entry.deletedAt.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-")) +
               QString::number(QRandomGenerator::global()->bounded(0x10000), 16)
                   .rightJustified(4, QLatin1Char('0'));
    entry.gateway = gateway;
    entry.key = group.key;
    entry.status = QStringLiteral("deleted");
    entry.outcomeBefore = outcomeBefore;
    entry.pushTime = group.pushTime;
    entry.metricsText = toExpositionText(group);

    const QByteArray text = formatEntry(entry);
    QString why;
    if (!writeNew(pathOf(entry.id), text, &why)) {
        *error = QStringLiteral("Cannot write the backup of %1 to %2: %3. Nothing was deleted.")
                     .arg(group.key.toString(), m_directory, why);
        return std::nullopt;
    }
    entry.sizeBytes = text.size();
    if (m_totalBytes < 0)
        m_totalBytes = countBytes(); // includes this entry
    else
        m_totalBytes += entry.sizeBytes;
    if (m_totalBytes > m_maxBytes)
        enforceLimit(entry.id);
    if (m_written.size() > 10000)
        m_written.clear(); // only a cache
    m_written.insert(entry.id, entry);
    return entry;
}

bool DeleteJournal::setStatus(const QString &id, const QString &status, const QString &note,
                              QString *error)
{
    // Entries written by this process are known; others are read from disk.
    std::optional<JournalEntry> existing =
        m_written.contains(id) ? std::optional<JournalEntry>(m_written.value(id)) : entry(id);
    if (!existing) {
        if (error)
            *error = QStringLiteral("The backup %1 no longer exists.").arg(id);
        return false;
    }
    existing->status = status;
    existing->note = note;
    const QByteArray text = formatEntry(*existing);
    QString why;
    if (!writeAtomically(pathOf(id), text, &why)) {
        if (error)
            *error = QStringLiteral("Cannot update the backup %1: %2.").arg(id, why);
        return false;
    }
    if (m_totalBytes >= 0)
        m_totalBytes += text.size() - existing->sizeBytes;
    existing->sizeBytes = text.size();
    if (m_written.contains(id))
        m_written.insert(id, *existing);
    return true;
}

bool DeleteJournal::discard(const QString &id)
{
    m_totalBytes = -1; // counted again when next needed
    m_written.remove(id);
    return QFile::remove(pathOf(id));
}

qint64 DeleteJournal::countBytes() const
{
    qint64 total = 0;
    const QFileInfoList files =
        QDir(m_directory).entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files);
    for (const QFileInfo &info : files)
        total += info.size();
    return total;
}

std::optional<JournalEntry> DeleteJournal::entry(const QString &id) const
{
    if (id.isEmpty() || id.contains(QLatin1Char('/')) || id.startsWith(QLatin1Char('.')))
        return std::nullopt;
    QFile file(pathOf(id));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    JournalEntry parsed;
    if (!parseEntry(file.readAll(), &parsed))
        return std::nullopt;
    return parsed;
}

QList<JournalEntry> DeleteJournal::entries() const
{
    QList<JournalEntry> list;
    const QDir dir(m_directory);
    const QStringList files =
        dir.entryList({QStringLiteral("*") + kSuffix}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        JournalEntry parsed;
        if (file.open(QIODevice::ReadOnly) && parseEntry(file.readAll(), &parsed))
            list.append(parsed);
    }
    return list;
}

void DeleteJournal::enforceLimit(const QString &keepId)
{
    const QDir dir(m_directory);
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files, QDir::Name);
    qint64 total = 0;
    for (const QFileInfo &info : files)
        total += info.size();
    for (const QFileInfo &info : files) { // oldest first: ids sort by time
        if (total <= m_maxBytes)
            break;
        if (info.completeBaseName() == keepId)
            continue; // the backup of the group about to be deleted
        total -= info.size();
        m_written.remove(info.completeBaseName());
        QFile::remove(info.filePath());
    }
    m_totalBytes = total;
}

} // namespace pushscope
