#include "groupreader.h"

#include "snapshotparser.h"
#include "unsupportedfamilyreader.h"

#include <QVarLengthArray>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace pushscope::detail {

namespace {

const QString kPushTime = QStringLiteral("push_time_seconds");
const QString kPushFailureTime = QStringLiteral("push_failure_time_seconds");

} // namespace

bool parseNumberBytes(QByteArrayView text, double *value)
{
    if (text.isEmpty())
        return false;
    if (text == "NaN") {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (text == "+Inf" || text == "Inf") {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == "-Inf") {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (*begin == '+')
        ++begin;
    const auto [stop, error] = std::from_chars(begin, end, *value);
    if (error == std::errc() && stop == end)
        return true;
    // Anything unusual (e.g. "nan", " 1") goes the slow, lenient way.
    return parseMetricNumber(QString::fromUtf8(text), value);
}

// push_time_seconds / push_failure_time_seconds: only the first sample's value matters,
// and its labels when the reply hides the grouping key.
void GroupReader::readPushTime(const QString &name, double *value, Labels *labels)
{
    m_cursor.beginObject();
    QByteArrayView key;
    while (m_cursor.nextKey(&key)) {
        if (key != "metrics" || m_cursor.peekKind() != JsonCursor::Kind::Array) {
            m_cursor.skipValue();
            continue;
        }
        m_cursor.beginArray();
        bool first = true;
        while (m_cursor.hasNextElement()) {
            if (!first || m_cursor.peekKind() != JsonCursor::Kind::Object) {
                m_cursor.skipValue();
                continue;
            }
            first = false;
            m_cursor.beginObject();
            QByteArrayView sampleKey;
            while (m_cursor.nextKey(&sampleKey)) {
                if (sampleKey == "value")
                    *value = readNumberValue(name);
                else if (sampleKey == "labels" && labels)
                    *labels = readLabels();
                else
                    m_cursor.skipValue();
            }
        }
    }
}

// Parses one family (or the "labels" member) from its raw text.
GroupReader::ObjectValue GroupReader::readSpan(QByteArrayView span, const QString &name)
{
    JsonCursor sub(span, m_cursor);
    GroupReader reader(sub, nullptr, m_labelCache);
    ObjectValue value = reader.readObjectValue(name);
    if (sub.failed())
        throw SyntaxError{sub.errorText(), sub.errorOffset()};
    return value;
}

double GroupReader::readNumberValue(const QString &family)
{
    if (m_cursor.peekKind() == JsonCursor::Kind::Number)
        return m_cursor.readNumber();
    if (m_cursor.peekKind() != JsonCursor::Kind::String) {
        m_cursor.skipValue();
        throw ShapeError{QStringLiteral("A value of %1 is not a number.").arg(family)};
    }
    const QByteArray text = m_cursor.readStringBytes();
    double value = 0;
    if (!m_cursor.failed() && !parseNumberBytes(text, &value))
        throw ShapeError{QStringLiteral("The value \"%1\" of %2 is not a number.")
                             .arg(QString::fromUtf8(text), family)};
    return value;
}

Labels GroupReader::readLabels()
{
    if (m_cursor.peekKind() != JsonCursor::Kind::Object) {
        m_cursor.skipValue();
        return {};
    }
    // The samples of a group mostly carry the very same labels: parse each text once and
    // share the list.
    const QByteArrayView raw = m_cursor.skipRawValue();
    const auto cached = m_labelCache->constFind(JsonBytesKey{raw});
    if (cached != m_labelCache->cend())
        return cached.value();
    JsonCursor sub(raw, m_cursor);
    const Labels labels = parseLabelObject(sub);
    if (sub.failed())
        throw SyntaxError{sub.errorText(), sub.errorOffset()};
    if (m_labelCache->size() > 4096)
        m_labelCache->clear();
    m_labelCache->insert(JsonBytesKey{raw}, labels);
    return labels;
}

Labels GroupReader::parseLabelObject(JsonCursor &cursor)
{
    Labels labels;
    cursor.beginObject();
    QByteArrayView key;
    bool sorted = true;
    while (cursor.nextKey(&key)) {
        QString name = cursor.internKey(key);
        if (!labels.isEmpty() && name < labels.last().first)
            sorted = false;
        labels.append({std::move(name), cursor.readString()});
    }
    if (!sorted)
        std::sort(labels.begin(), labels.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
    return labels;
}

QList<QPair<double, double>> GroupReader::readPairs(const QString &family)
{
    QList<QPair<double, double>> pairs;
    if (m_cursor.peekKind() != JsonCursor::Kind::Object) {
        m_cursor.skipValue();
        throw ShapeError{
            QStringLiteral("The buckets or quantiles of %1 are not an object.").arg(family)};
    }
    m_cursor.beginObject();
    QByteArrayView key;
    while (m_cursor.nextKey(&key)) {
        double bound = 0;
        if (!parseNumberBytes(key, &bound))
            throw ShapeError{QStringLiteral("%1 has a bound %2 that is not a number.")
                                 .arg(family, QString::fromUtf8(key))};
        pairs.append({bound, readNumberValue(family)});
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

// A native histogram's buckets: [[rule, "lower", "upper", "count"], ...].
QList<NativeBucket> GroupReader::readNativeBuckets(const QString &family)
{
    const auto notABucket = [&] {
        return ShapeError{QStringLiteral("A native bucket of %1 is not a list of boundary rule, "
                                         "lower bound, upper bound and count.")
                              .arg(family)};
    };
    QList<NativeBucket> buckets;
    m_cursor.beginArray();
    while (m_cursor.hasNextElement()) {
        if (m_cursor.peekKind() != JsonCursor::Kind::Array) {
            m_cursor.skipValue();
            throw notABucket();
        }
        m_cursor.beginArray();
        double fields[4] = {};
        int read = 0;
        while (m_cursor.hasNextElement()) {
            if (read == 4)
                throw notABucket();
            fields[read++] = readNumberValue(family);
        }
        if (read != 4 || fields[0] < 0 || fields[0] > 3 || fields[0] != std::floor(fields[0]))
            throw notABucket();
        buckets.append({int(fields[0]), fields[1], fields[2], fields[3]});
    }
    return buckets;
}

void GroupReader::readSample(const QString &family, Sample *sample, SampleFields *fields)
{
    if (m_cursor.peekKind() != JsonCursor::Kind::Object) {
        m_cursor.skipValue();
        throw ShapeError{QStringLiteral("A sample of %1 is not an object.").arg(family)};
    }
    m_cursor.beginObject();
    QByteArrayView key;
    while (m_cursor.nextKey(&key)) {
        if (key == "labels") {
            sample->labels = readLabels();
        } else if (key == "value") {
            sample->value = readNumberValue(family);
            fields->value = true;
        } else if (key == "count") {
            sample->count = readNumberValue(family);
            fields->histogram = true;
        } else if (key == "sum") {
            sample->sum = readNumberValue(family);
        } else if (key == "quantiles") {
            sample->quantiles = readPairs(family);
        } else if (key == "buckets") {
            fields->histogram = true;
            sample->nativeHistogram = m_cursor.peekKind() == JsonCursor::Kind::Array;
            if (sample->nativeHistogram)
                sample->nativeBuckets = readNativeBuckets(family);
            else
                sample->buckets = readPairs(family);
        } else {
            m_cursor.skipValue();
        }
    }
}

GroupReader::ObjectValue GroupReader::readObjectValue(const QString &name)
{
    ObjectValue value;
    value.strings.reserve(4);
    m_cursor.beginObject();
    QByteArrayView key;
    while (m_cursor.nextKey(&key)) {
        const JsonCursor::Kind kind = m_cursor.peekKind();
        if (kind == JsonCursor::Kind::String) {
            QString memberName = m_cursor.internKey(key);
            value.strings.append({std::move(memberName), m_cursor.readString()});
        } else if (key == "metrics" && kind == JsonCursor::Kind::Array) {
            value.hasMetrics = true;
            m_cursor.beginArray();
            while (m_cursor.hasNextElement()) {
                Sample sample;
                SampleFields fields;
                readSample(name, &sample, &fields);
                value.samples.append(std::move(sample));
                value.sampleFields.append(fields);
            }
        } else {
            m_cursor.skipValue();
        }
    }
    return value;
}

MetricFamily GroupReader::toFamily(const QString &name, ObjectValue &&value)
{
    MetricFamily family;
    family.name = name;
    QString type;
    for (const auto &member : std::as_const(value.strings)) {
        if (member.first == u"type")
            type = member.second;
        else if (member.first == u"help")
            family.help = member.second;
        else if (member.first == u"time_stamp")
            family.lastPushed = member.second;
    }
    if (!value.hasMetrics || type.isEmpty())
        throw ShapeError{
            QStringLiteral("The metric family %1 is not an object with a type and metrics.")
                .arg(name)};
    if (type == u"COUNTER")
        family.type = MetricType::Counter;
    else if (type == u"GAUGE")
        family.type = MetricType::Gauge;
    else if (type == u"UNTYPED")
        family.type = MetricType::Untyped;
    else if (type == u"SUMMARY")
        family.type = MetricType::Summary;
    else if (type == u"HISTOGRAM")
        family.type = MetricType::Histogram;
    else if (type == u"GAUGE_HISTOGRAM")
        family.type = MetricType::Histogram;
    else
        throw ShapeError{QStringLiteral("PushScope does not know the metric type %1.").arg(type)};
    family.gaugeHistogram = type == u"GAUGE_HISTOGRAM";
    const bool needsValue = family.type == MetricType::Counter ||
                            family.type == MetricType::Gauge || family.type == MetricType::Untyped;
    for (const SampleFields &fields : std::as_const(value.sampleFields)) {
        if (needsValue && !fields.value)
            throw ShapeError{QStringLiteral("A sample of %1 has no value.").arg(name)};
        // Every gateway so far lists a gauge histogram with a bare value of 0.
        if (family.gaugeHistogram && !fields.histogram)
            throw ShapeError{QStringLiteral("The gateway's JSON API shows no buckets, count or sum "
                                            "of this gauge histogram, only a value of 0.")};
    }
    family.samples = std::move(value.samples);
    return family;
}

// The gateway puts the grouping key and the families into one JSON object, so a family
// literally named "labels" replaces the key. The key is then recovered from the labels
// the gateway attaches to push_time_seconds: the key itself plus instance="" when the key
// has no instance. Whether instance="" was part of the key cannot be told apart.
static GroupingKey recoverKey(const Labels &pushTimeLabels)
{
    Labels labels;
    bool ambiguous = false;
    for (const auto &label : pushTimeLabels) {
        if (label.first == u"instance" && label.second.isEmpty()) {
            ambiguous = true;
            continue;
        }
        labels.append(label);
    }
    GroupingKey key(labels);
    key.setAmbiguous(ambiguous);
    return key;
}

Group GroupReader::read(int index)
{
    if (m_cursor.peekKind() != JsonCursor::Kind::Object) {
        m_cursor.skipValue();
        throw ShapeError{QStringLiteral("Group %1 in the reply is not a JSON object.").arg(index)};
    }
    Group group;
    std::optional<Labels> keyLabels;
    std::optional<bool> lastPushSuccessful;
    Labels pushTimeLabels;
    Labels failureLabels;
    QVarLengthArray<QPair<QString, QByteArrayView>, 16> familySpans;
    m_cursor.beginObject();
    QByteArrayView key;
    while (m_cursor.nextKey(&key)) {
        const JsonCursor::Kind kind = m_cursor.peekKind();
        if (key == "last_push_successful" && kind == JsonCursor::Kind::Bool) {
            lastPushSuccessful = m_cursor.readBool();
            continue;
        }
        if (kind != JsonCursor::Kind::Object) {
            m_cursor.skipValue(); // not part of the API today; ignored for forward compatibility
            continue;
        }
        const QString name = m_cursor.internKey(key);
        const bool pushTime = name == kPushTime;
        if (pushTime || name == kPushFailureTime) {
            // Their labels are needed only when the reply hid the grouping key.
            Labels *labels = keyLabels ? nullptr : (pushTime ? &pushTimeLabels : &failureLabels);
            readPushTime(name, pushTime ? &group.pushTime : &group.pushFailureTime, labels);
            continue;
        }
        const QByteArrayView span = m_cursor.skipRawValue();
        if (name == u"labels") {
            ObjectValue value = readSpan(span, name);
            if (!value.hasMetrics) {
                keyLabels = value.strings;
                continue;
            }
        }
        familySpans.append({name, span});
    }
    if (m_cursor.failed())
        return group;
    if (keyLabels) {
        group.key = GroupingKey(*keyLabels);
    } else {
        if (pushTimeLabels.isEmpty())
            pushTimeLabels = failureLabels;
        if (pushTimeLabels.isEmpty())
            throw ShapeError{
                QStringLiteral("Group %1 in the reply has no grouping key.").arg(index)};
        group.key = recoverKey(pushTimeLabels);
    }
    group.lastPushSuccessful = lastPushSuccessful.value_or(group.pushFailureTime <= group.pushTime);
    if (m_previous) {
        const Group *before = m_previous->value(group.key.id());
        if (before && before->pushTime == group.pushTime &&
            before->pushFailureTime == group.pushFailureTime &&
            before->lastPushSuccessful == group.lastPushSuccessful &&
            before->families.size() + before->unsupportedFamilies.size() == familySpans.size() &&
            before->key.isAmbiguous() == group.key.isAmbiguous())
            return *before;
    }
    group.families.reserve(familySpans.size());
    for (const auto &span : familySpans)
        readFamily(span.first, span.second, &group);
    return group;
}

// A family of a type or shape this reader does not know is kept as unsupported: one family
// never fails its group, nor the group its gateway. Broken JSON still fails the reply.
void GroupReader::readFamily(const QString &name, QByteArrayView span, Group *group)
{
    try {
        group->families.append(toFamily(name, readSpan(span, name)));
    } catch (const ShapeError &error) {
        JsonCursor check(span, m_cursor);
        check.skipValue();
        if (check.failed())
            throw SyntaxError{check.errorText(), check.errorOffset()};
        group->unsupportedFamilies.append(
            readUnsupportedFamily(name, span, m_cursor, error.sentence));
    }
}

} // namespace pushscope::detail
