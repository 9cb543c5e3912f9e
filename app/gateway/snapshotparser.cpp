#include "snapshotparser.h"

#include "groupreader.h"
#include "jsoncursor.h"

#include <QLocale>
#include <QThread>
#include <QVarLengthArray>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

namespace pushscope {

namespace {

using detail::GroupReader;
using detail::ShapeError;
using detail::SyntaxError;

struct ChunkResult {
    QList<Group> groups;
    std::optional<std::pair<qsizetype, QString>> shapeError; // (group index, sentence)
    std::optional<SyntaxError> syntaxError;
};

// Parses groups [begin, end) of `spans`, each span one group's raw JSON object.
ChunkResult parseChunk(QByteArrayView json, const QList<QByteArrayView> &spans, qsizetype begin,
                       qsizetype end, const QHash<QString, const Group *> *previous)
{
    ChunkResult result;
    result.groups.reserve(end - begin);
    JsonCursor root(json); // owns this chunk's intern table
    QHash<JsonBytesKey, Labels> labelCache;
    for (qsizetype i = begin; i < end; ++i) {
        JsonCursor cursor(spans.at(i), root);
        GroupReader reader(cursor, previous, &labelCache);
        try {
            result.groups.append(reader.read(int(i + 1)));
        } catch (const ShapeError &error) {
            result.shapeError = std::make_pair(i, error.sentence);
            return result;
        } catch (const SyntaxError &error) {
            result.syntaxError = error;
            return result;
        }
        if (cursor.failed()) {
            result.syntaxError = SyntaxError{cursor.errorText(), cursor.errorOffset()};
            return result;
        }
    }
    return result;
}

// Many groups are parsed on two threads: they are independent, and the first load of a
// large gateway is the one parse that cannot reuse anything.
QList<Group> parseGroups(QByteArrayView json, const QList<QByteArrayView> &spans,
                         const Snapshot *previous)
{
    QHash<QString, const Group *> previousById;
    if (previous) {
        previousById.reserve(previous->groups.size());
        for (const Group &group : previous->groups)
            previousById.insert(group.key.id(), &group);
    }
    const auto *lookup = previous ? &previousById : nullptr;
    constexpr qsizetype kParallelFrom = 1000;
    const bool parallel = spans.size() >= kParallelFrom && QThread::idealThreadCount() > 1;
    const qsizetype middle = parallel ? spans.size() / 2 : spans.size();
    ChunkResult second;
    std::thread worker;
    if (parallel)
        worker =
            std::thread([&] { second = parseChunk(json, spans, middle, spans.size(), lookup); });
    ChunkResult first = parseChunk(json, spans, 0, middle, lookup);
    if (worker.joinable())
        worker.join();
    for (const ChunkResult *chunk : {&first, &second}) {
        if (chunk->syntaxError)
            throw *chunk->syntaxError;
        if (chunk->shapeError)
            throw ShapeError{chunk->shapeError->second};
    }
    first.groups.append(std::move(second.groups));
    return first.groups;
}

// Keys with U+FFFD may read the same for different groups; they keep a row each, ordered by
// push time so that the same group tends to keep the same ordinal from poll to poll.
void separateLossyGroups(QList<Group> &groups)
{
    QList<Group *> lossy;
    for (Group &group : groups) {
        if (group.key.isLossy())
            lossy.append(&group);
    }
    if (lossy.isEmpty())
        return;
    std::sort(lossy.begin(), lossy.end(), [](const Group *a, const Group *b) {
        return std::pair(a->pushTime, a->pushFailureTime) <
               std::pair(b->pushTime, b->pushFailureTime);
    });
    QList<GroupingKey *> keys;
    for (Group *group : std::as_const(lossy))
        keys.append(&group->key);
    separateLossyKeys(keys);
}

QString notJson(const QByteArray &json, const SyntaxError &error)
{
    const QString start = QString::fromUtf8(json.left(40)).simplified();
    return QStringLiteral("The reply is not JSON (%1 at byte %2; it starts with \"%3\"): is "
                          "this URL a Pushgateway?")
        .arg(error.what)
        .arg(error.offset)
        .arg(start);
}

SyntaxError syntaxErrorOf(const JsonCursor &cursor)
{
    return SyntaxError{cursor.errorText(), cursor.errorOffset()};
}

} // namespace

const MetricFamily *Group::family(const QString &name) const
{
    for (const MetricFamily &f : families) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QString metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return QStringLiteral("counter");
    case MetricType::Gauge:
        return QStringLiteral("gauge");
    case MetricType::Untyped:
        return QStringLiteral("untyped");
    case MetricType::Summary:
        return QStringLiteral("summary");
    case MetricType::Histogram:
        return QStringLiteral("histogram");
    }
    return QStringLiteral("untyped");
}

QString familyTypeName(const MetricFamily &family)
{
    return family.gaugeHistogram ? QStringLiteral("gaugehistogram") : metricTypeName(family.type);
}

SnapshotParseResult parseSnapshot(const QByteArray &json, const Snapshot *previous)
{
    SnapshotParseResult result;
    if (json.trimmed().isEmpty()) {
        result.error = QStringLiteral("The reply is empty, not the JSON list of groups.");
        return result;
    }
    JsonCursor cursor(json);
    if (cursor.peekKind() != JsonCursor::Kind::Object) {
        cursor.skipValue();
        if (cursor.failed()) {
            result.error = notJson(json, syntaxErrorOf(cursor));
            return result;
        }
        result.error = QStringLiteral("The reply is JSON but not the Pushgateway's list of "
                                      "groups (no \"status\" field).");
        return result;
    }
    QString status;
    QString apiError;
    bool sawData = false;
    bool dataIsArray = false;
    QList<Group> groups;
    std::optional<SyntaxError> syntaxError;
    try {
        cursor.beginObject();
        QByteArrayView key;
        while (cursor.nextKey(&key)) {
            const JsonCursor::Kind kind = cursor.peekKind();
            if (key == "status" && kind == JsonCursor::Kind::String) {
                status = cursor.readString();
            } else if (key == "error" && kind == JsonCursor::Kind::String) {
                apiError = cursor.readString();
            } else if (key == "data" && kind == JsonCursor::Kind::Array) {
                sawData = dataIsArray = true;
                QList<QByteArrayView> spans;
                cursor.beginArray();
                while (cursor.hasNextElement()) {
                    if (cursor.peekKind() != JsonCursor::Kind::Object) {
                        cursor.skipValue();
                        throw ShapeError{QStringLiteral("Group %1 in the reply is not a JSON "
                                                        "object.")
                                             .arg(spans.size() + 1)};
                    }
                    spans.append(cursor.skipRawValue());
                }
                if (!cursor.failed())
                    groups = parseGroups(json, spans, previous);
            } else {
                sawData = sawData || key == "data";
                cursor.skipValue();
            }
        }
        if (!cursor.failed() && !cursor.atEnd())
            cursor.fail(QStringLiteral("text after the end of the JSON value"));
    } catch (const ShapeError &error) {
        if (!cursor.failed()) {
            result.error = error.sentence;
            return result;
        }
    } catch (const SyntaxError &error) {
        syntaxError = error;
    }
    if (cursor.failed() && !syntaxError)
        syntaxError = syntaxErrorOf(cursor);
    if (syntaxError) {
        result.error = notJson(json, *syntaxError);
        return result;
    }
    if (status.isEmpty()) {
        result.error = QStringLiteral("The reply is JSON but not the Pushgateway's list of groups "
                                      "(no \"status\" field).");
        return result;
    }
    if (status != u"success") {
        result.error =
            QStringLiteral("The gateway reported status \"%1\"%2.")
                .arg(status, apiError.isEmpty() ? QString() : QStringLiteral(": ") + apiError);
        return result;
    }
    if (!dataIsArray) {
        Q_UNUSED(sawData);
        result.error = QStringLiteral("The reply is JSON but its \"data\" field is not a list of "
                                      "groups.");
        return result;
    }
    separateLossyGroups(groups);
    result.snapshot.groups = std::move(groups);
    result.ok = true;
    return result;
}

bool parseMetricNumber(const QString &text, double *value)
{
    const QString t = text.trimmed();
    if (t.compare(u"NaN", Qt::CaseInsensitive) == 0) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (t.compare(u"+Inf", Qt::CaseInsensitive) == 0 ||
        t.compare(u"Inf", Qt::CaseInsensitive) == 0) {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (t.compare(u"-Inf", Qt::CaseInsensitive) == 0) {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    const double parsed = QLocale::c().toDouble(t, &ok);
    if (ok)
        *value = parsed;
    return ok;
}

QString formatMetricNumber(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace pushscope
