#include "deletejournal.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace pushscope {

namespace {

const QByteArray kLegacyMagic = QByteArrayLiteral("# pushscope-deleted-group 1");
const QString kLegacySuffix = QStringLiteral(".prom");
constexpr qint64 kEntryOverheadBytes = 512; // JSON header, SENT and RESULT records

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

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024 * 1024), 'f', 1);
}

bool safeId(const QString &id)
{
    return !id.isEmpty() && !id.contains(QLatin1Char('/')) && !id.contains(QLatin1Char('\\')) &&
           !id.startsWith(QLatin1Char('.'));
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

QString DeleteJournal::legacyPath(const QString &id) const
{
    return m_directory + QLatin1Char('/') + id + kLegacySuffix;
}

QString DeleteJournal::batchPath(const QString &batchId) const
{
    return m_directory + QLatin1Char('/') + batchId + JournalBatch::suffix();
}

qint64 DeleteJournal::estimateEntryBytes(const QString &gateway, const GroupingKey &key,
                                         qint64 bodyBytes)
{
    return bodyBytes + gateway.toUtf8().size() + 3 * key.toString().toUtf8().size() +
           kEntryOverheadBytes;
}

std::unique_ptr<JournalBatch> DeleteJournal::beginBatch(qint64 estimatedBytes, QString *error)
{
    if (estimatedBytes > m_maxBytes) {
        *error = QStringLiteral("The backups of these groups need about %1 MB, more than the "
                                "journal's limit of %2 MB (setting deleteJournal/maxMegabytes); "
                                "nothing was deleted. Delete fewer groups at once or raise the "
                                "limit.")
                     .arg(megabytes(estimatedBytes), megabytes(m_maxBytes));
        return nullptr;
    }
    if (!QDir().mkpath(m_directory)) {
        *error = QStringLiteral("Cannot create the backup directory %1. Nothing was deleted.")
                     .arg(m_directory);
        return nullptr;
    }
    // Oldest first: names start with the time. Only earlier batches (and old single files)
    // are dropped; the new batch's file does not exist yet.
    const QFileInfoList files = QDir(m_directory)
                                    .entryInfoList({QStringLiteral("*") + kLegacySuffix,
                                                    QStringLiteral("*") + JournalBatch::suffix()},
                                                   QDir::Files, QDir::Name);
    qint64 total = 0;
    for (const QFileInfo &info : files)
        total += info.size();
    for (const QFileInfo &info : files) {
        if (total + estimatedBytes <= m_maxBytes)
            break;
        if (JournalBatch::isRunning(info.filePath()))
            continue; // another delete's, still being written
        if (QFile::remove(info.filePath()))
            total -= info.size();
    }
    QString why;
    std::unique_ptr<JournalBatch> batch = JournalBatch::create(m_directory, &why);
    if (!batch)
        *error = QStringLiteral("%1 Nothing was deleted.").arg(why);
    return batch;
}

QByteArray DeleteJournal::formatEntry(const JournalEntry &entry)
{
    QByteArray text = kLegacyMagic + '\n';
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
    if (!text.startsWith(kLegacyMagic + '\n'))
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
    parsed.contentType = textFormatContentType();
    parsed.sizeBytes = text.size();
    *entry = parsed;
    return true;
}

bool DeleteJournal::setStatus(const QString &id, const QString &status, const QString &note,
                              QString *error)
{
    QString why;
    const qsizetype dot = id.lastIndexOf(QLatin1Char('.'));
    if (dot > 0 && safeId(id)) {
        if (JournalBatch::appendStatus(batchPath(id.left(dot)),
                                       {{id.mid(dot + 1).toInt(), status, note}}, &why))
            return true;
    } else if (std::optional<JournalEntry> existing = entry(id)) {
        existing->status = status;
        existing->note = note;
        // The old format is rewritten whole: to a new file, synced, then renamed over.
        QSaveFile file(legacyPath(id));
        if (file.open(QIODevice::WriteOnly) && file.write(formatEntry(*existing)) >= 0 &&
            file.commit())
            return true;
        why = file.errorString();
    } else {
        why = QStringLiteral("it no longer exists");
    }
    if (error)
        *error = QStringLiteral("Cannot update the backup %1: %2.").arg(id, why);
    return false;
}

bool DeleteJournal::isBatchRunning(const QString &id) const
{
    const qsizetype dot = id.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && safeId(id) && JournalBatch::isRunning(batchPath(id.left(dot)));
}

qint64 DeleteJournal::sizeOnDisk() const
{
    qint64 total = 0;
    const QFileInfoList files = QDir(m_directory)
                                    .entryInfoList({QStringLiteral("*") + kLegacySuffix,
                                                    QStringLiteral("*") + JournalBatch::suffix()},
                                                   QDir::Files);
    for (const QFileInfo &info : files)
        total += info.size();
    return total;
}

std::optional<JournalEntry> DeleteJournal::entry(const QString &id) const
{
    if (!safeId(id))
        return std::nullopt;
    const qsizetype dot = id.lastIndexOf(QLatin1Char('.'));
    if (dot > 0) {
        for (const JournalEntry &entry : JournalBatch::read(batchPath(id.left(dot)))) {
            if (entry.id == id)
                return entry;
        }
        return std::nullopt;
    }
    QFile file(legacyPath(id));
    JournalEntry parsed;
    if (!file.open(QIODevice::ReadOnly) || !parseEntry(file.readAll(), &parsed))
        return std::nullopt;
    return parsed;
}

QList<JournalEntry> DeleteJournal::entries(Listing listing) const
{
    QList<JournalEntry> list;
    const QDir dir(m_directory);
    const QFileInfoList files = dir.entryInfoList(
        {QStringLiteral("*") + kLegacySuffix, QStringLiteral("*") + JournalBatch::suffix()},
        QDir::Files);
    for (const QFileInfo &info : files) {
        if (info.fileName().endsWith(JournalBatch::suffix())) {
            list.append(JournalBatch::read(info.filePath()));
            continue;
        }
        QFile file(info.filePath());
        JournalEntry parsed;
        if (file.open(QIODevice::ReadOnly) && parseEntry(file.readAll(), &parsed))
            list.append(parsed);
    }
    if (listing == Listing::MayBeGone)
        list.removeIf([](const JournalEntry &e) { return !JournalStatus::mayBeGone(e.status); });
    std::stable_sort(list.begin(), list.end(), [](const JournalEntry &a, const JournalEntry &b) {
        if (a.deletedAt != b.deletedAt)
            return a.deletedAt > b.deletedAt;
        if (a.id.size() != b.id.size()) // the same batch: 9 before 10
            return a.id.size() > b.id.size();
        return a.id > b.id;
    });
    return list;
}

} // namespace pushscope
