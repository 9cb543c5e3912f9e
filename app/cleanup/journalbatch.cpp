#include "journalbatch.h"

#include "cleanup/crc32.h"
#include "cli/jsonwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif
#ifdef Q_OS_WIN
#include <io.h>
#endif

namespace pushscope {

namespace {

const QByteArray kFileMagic = QByteArrayLiteral("# pushscope-journal 2\n");
constexpr int kCreateAttempts = 64;

// Appends one record whose payload is `head` followed by `body`, without joining them first.
void appendRecord(QByteArray *out, const char *type, QByteArrayView head, QByteArrayView body = {})
{
    Crc32 crc;
    crc.update(head);
    crc.update(body);
    char checksum[9];
    std::snprintf(checksum, sizeof checksum, "%08x", crc.value());
    out->append('@').append(type).append(' ');
    out->append(QByteArray::number(head.size() + body.size())).append(' ');
    out->append(checksum, 8).append('\n');
    out->append(head).append(body).append('\n');
}

void appendJsonString(QByteArray *out, QStringView text)
{
    out->append('"');
    appendJsonEscaped(out, text);
    out->append('"');
}

// The BACKUP header on one line, as QJsonDocument::Compact writes it less the key order
// (members are read by name); written directly, a QJsonObject cost more than the backup.
QByteArray backupHeader(const JournalEntry &entry, int sequence)
{
    QByteArray out;
    out.reserve(384);
    out.append("{\"seq\":").append(QByteArray::number(sequence));
    out.append(",\"gateway\":");
    appendJsonString(&out, entry.gateway);
    out.append(",\"key\":{");
    bool first = true;
    for (const auto &label : entry.key.labels()) {
        if (!std::exchange(first, false))
            out.append(',');
        appendJsonString(&out, label.first);
        out.append(':');
        appendJsonString(&out, label.second);
    }
    out.append("},\"keyText\":");
    appendJsonString(&out, entry.key.toString());
    out.append(",\"at\":");
    appendJsonString(&out, entry.deletedAt.toString(Qt::ISODateWithMs));
    out.append(",\"outcomeBefore\":");
    appendJsonString(&out, entry.outcomeBefore);
    out.append(",\"pushTime\":");
    if (qIsFinite(entry.pushTime))
        out.append(QByteArray::number(entry.pushTime, 'g', QLocale::FloatingPointShortest));
    else
        out.append("null"); // as QJsonValue writes them
    out.append(",\"contentType\":");
    appendJsonString(&out, QString::fromLatin1(entry.contentType));
    out.append('}');
    return out;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

void appendResultsRecord(QByteArray *out, const char *type, const QList<JournalResult> &results)
{
    QJsonArray array;
    for (const JournalResult &result : results)
        array.append(QJsonObject{{QStringLiteral("seq"), result.sequence},
                                 {QStringLiteral("status"), result.status},
                                 {QStringLiteral("note"), result.note}});
    appendRecord(out, type,
                 compact({{QStringLiteral("results"), array}, {QStringLiteral("at"), now()}}));
}

bool syncFile(QFile &file)
{
    if (!file.flush())
        return false;
#if defined(Q_OS_LINUX)
    return ::fdatasync(file.handle()) == 0;
#elif defined(Q_OS_UNIX)
    return ::fsync(file.handle()) == 0;
#elif defined(Q_OS_WIN)
    return ::_commit(file.handle()) == 0;
#else
    return true;
#endif
}

// So that a new file's name survives a crash too.
void syncDirectory(const QString &directory)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(directory);
#endif
}

// A running batch holds an exclusive lock on its file until it ends (the lock goes with
// the process, so a crash releases it). Others neither append to nor drop such a file.
bool tryLock(const QFile &file)
{
#ifdef Q_OS_UNIX
    return ::flock(file.handle(), LOCK_EX | LOCK_NB) == 0;
#else
    Q_UNUSED(file);
    return true;
#endif
}

// Calls `onRecord(type, payload, size)` for each intact record and returns where the
// intact records end: the data's size, or the start of a torn or damaged record.
template<typename OnRecord> qsizetype scanRecords(const QByteArray &data, OnRecord onRecord)
{
    qsizetype position = kFileMagic.size();
    while (position < data.size()) {
        const qsizetype lineEnd = data.indexOf('\n', position);
        const QList<QByteArray> head =
            lineEnd < 0 ? QList<QByteArray>() : data.mid(position, lineEnd - position).split(' ');
        bool lengthOk = false;
        bool crcOk = false;
        const qint64 length = head.size() == 3 ? head.at(1).toLongLong(&lengthOk) : -1;
        const quint32 crc = head.size() == 3 ? head.at(2).toUInt(&crcOk, 16) : 0;
        const qsizetype payloadStart = lineEnd + 1;
        if (!lengthOk || !crcOk || length < 0 || payloadStart + length + 1 > data.size() ||
            data.at(payloadStart + length) != '\n' ||
            Crc32::of(QByteArrayView(data).sliced(payloadStart, length)) != crc)
            return position; // torn by a crash (or damaged): nothing after it is trusted
        onRecord(head.at(0), data.mid(payloadStart, length));
        position = payloadStart + length + 1;
    }
    return position;
}

GroupingKey keyFromJson(const QJsonObject &object)
{
    Labels labels;
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.append({it.key(), it.value().toString()});
    return GroupingKey(labels);
}

} // namespace

bool JournalStatus::mayBeGone(const QString &status)
{
    return status != notSent() && status != notDeleted();
}

JournalBatch::~JournalBatch() = default;

std::unique_ptr<JournalBatch> JournalBatch::create(const QString &directory, QString *error)
{
    std::unique_ptr<JournalBatch> batch(new JournalBatch);
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz-"));
    for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
        batch->m_id = stamp + QString::number(QRandomGenerator::global()->bounded(0x10000), 16)
                                  .rightJustified(4, QLatin1Char('0'));
        batch->m_file.setFileName(directory + QLatin1Char('/') + batch->m_id + suffix());
        // NewOnly is O_EXCL: two processes can never share a batch file, hence an id.
        if (batch->m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            tryLock(batch->m_file);
            batch->m_buffer = kFileMagic;
            syncDirectory(directory);
            return batch;
        }
        if (!batch->m_file.exists())
            break; // not a name clash: the directory cannot be written
    }
    *error = QStringLiteral("Cannot create a journal file in %1: %2.")
                 .arg(directory, batch->m_file.errorString());
    return nullptr;
}

QString JournalBatch::entryId(int sequence) const
{
    return m_id + QLatin1Char('.') + QString::number(sequence);
}

void JournalBatch::addBackup(const JournalEntry &entry, int sequence)
{
    appendRecord(&m_buffer, "BACKUP", backupHeader(entry, sequence) + '\n', entry.metricsText);
}

void JournalBatch::addSent(const QList<int> &sequences)
{
    QJsonArray array;
    for (int sequence : sequences)
        array.append(sequence);
    appendRecord(&m_buffer, "SENT",
                 compact({{QStringLiteral("seqs"), array}, {QStringLiteral("at"), now()}}));
}

void JournalBatch::addResults(const QList<JournalResult> &results)
{
    if (!results.isEmpty())
        appendResultsRecord(&m_buffer, "RESULT", results);
}

bool JournalBatch::commit(QString *error)
{
    if (!m_buffer.isEmpty()) {
        const qint64 written = m_file.write(m_buffer);
        if (written != m_buffer.size()) {
            *error = QStringLiteral("Cannot write the journal %1 (%2 of %3 bytes written; is "
                                    "the disk full?).")
                         .arg(m_file.fileName())
                         .arg(std::max<qint64>(written, 0))
                         .arg(m_buffer.size());
            m_buffer.clear();
            return false;
        }
        if (!syncFile(m_file)) {
            *error = QStringLiteral("Cannot write the journal %1 to the disk: %2.")
                         .arg(m_file.fileName(), m_file.errorString());
            m_buffer.clear();
            return false;
        }
        m_written += written;
        m_buffer.clear();
    }
    return true;
}

bool JournalBatch::isRunning(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && !tryLock(file);
}

bool JournalBatch::appendStatus(const QString &path, const QList<JournalResult> &results,
                                QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::ExistingOnly)) {
        *error = file.errorString();
        return false;
    }
    if (!tryLock(file)) {
        *error = QStringLiteral("the delete that made it is still running; try again when it "
                                "has finished");
        return false;
    }
    // Nothing after a torn record is read, so the status goes where the intact records end.
    const QByteArray data = file.readAll();
    const qsizetype end = data.startsWith(kFileMagic)
                              ? scanRecords(data, [](const QByteArray &, const QByteArray &) {})
                              : data.size();
    QByteArray bytes;
    appendResultsRecord(&bytes, "STATUS", results);
    if ((end < data.size() && !file.resize(end)) || !file.seek(end) ||
        file.write(bytes) != bytes.size() || !syncFile(file)) {
        *error = file.errorString();
        return false;
    }
    return true;
}

QList<JournalEntry> JournalBatch::read(const QString &path, bool *torn)
{
    if (torn)
        *torn = false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = file.readAll();
    if (!data.startsWith(kFileMagic))
        return {};
    const QString batchId = QFileInfo(path).completeBaseName();
    QMap<int, JournalEntry> entries;
    const qsizetype end = scanRecords(data, [&](const QByteArray &type, const QByteArray &payload) {
        if (type == "@BACKUP") {
            const qsizetype split = payload.indexOf('\n');
            const QJsonObject header = QJsonDocument::fromJson(payload.left(split)).object();
            JournalEntry entry;
            const int sequence = header.value(QStringLiteral("seq")).toInt();
            entry.id = batchId + QLatin1Char('.') + QString::number(sequence);
            entry.gateway = header.value(QStringLiteral("gateway")).toString();
            entry.key = keyFromJson(header.value(QStringLiteral("key")).toObject());
            entry.deletedAt = QDateTime::fromString(header.value(QStringLiteral("at")).toString(),
                                                    Qt::ISODateWithMs);
            entry.outcomeBefore = header.value(QStringLiteral("outcomeBefore")).toString();
            entry.pushTime = header.value(QStringLiteral("pushTime")).toDouble();
            entry.contentType = header.value(QStringLiteral("contentType")).toString().toLatin1();
            entry.metricsText = payload.mid(split + 1);
            entry.sizeBytes = payload.size();
            entry.status = JournalStatus::notSent();
            if (split > 0 && sequence > 0)
                entries.insert(sequence, entry);
        } else if (type == "@SENT") {
            const QJsonArray sequences =
                QJsonDocument::fromJson(payload).object().value(QStringLiteral("seqs")).toArray();
            for (const QJsonValue &sequence : sequences) {
                auto it = entries.find(sequence.toInt());
                if (it != entries.end() && it->status == JournalStatus::notSent())
                    it->status = JournalStatus::unknown();
            }
        } else if (type == "@RESULT" || type == "@STATUS") {
            const QJsonArray results = QJsonDocument::fromJson(payload)
                                           .object()
                                           .value(QStringLiteral("results"))
                                           .toArray();
            for (const QJsonValue &value : results) {
                const QJsonObject result = value.toObject();
                auto it = entries.find(result.value(QStringLiteral("seq")).toInt());
                if (it == entries.end())
                    continue;
                it->status = result.value(QStringLiteral("status")).toString();
                it->note = result.value(QStringLiteral("note")).toString();
            }
        }
    });
    if (torn)
        *torn = end < data.size();
    return entries.values();
}

} // namespace pushscope
