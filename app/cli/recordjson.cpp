#include "recordjson.h"

#include "jsonwriter.h"

#include "gateway/nativeschema.h"
#include "gateway/snapshotparser.h"

#include <algorithm>
#include <vector>

namespace pushscope {

namespace {

// A JSON object of labels with the members in the order QJsonObject keeps them: sorted by
// name, a repeated name holding its last value. Labels arrive sorted, so that is one check.
void writeLabels(JsonWriter &json, const Labels &labels)
{
    json.beginObject();
    bool ascending = true;
    for (qsizetype i = 1; i < labels.size() && ascending; ++i)
        ascending = labels.at(i - 1).first < labels.at(i).first;
    if (ascending) {
        for (const auto &label : labels) {
            json.key(label.first);
            json.string(label.second);
        }
    } else {
        std::vector<qsizetype> order(size_t(labels.size()));
        for (qsizetype i = 0; i < labels.size(); ++i)
            order[size_t(i)] = i;
        std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            return labels.at(a).first < labels.at(b).first;
        });
        for (size_t i = 0; i < order.size(); ++i) {
            const auto &label = labels.at(order[i]);
            if (i + 1 < order.size() && labels.at(order[i + 1]).first == label.first)
                continue; // a later one of the same name wins
            json.key(label.first);
            json.string(label.second);
        }
    }
    json.endObject();
}

void writePairs(JsonWriter &json, const QList<QPair<double, double>> &pairs)
{
    json.beginArray();
    for (const auto &pair : pairs) {
        json.beginArray();
        json.metricNumber(pair.first);
        json.metricNumber(pair.second);
        json.endArray();
    }
    json.endArray();
}

void writeNativeBuckets(JsonWriter &json, const QList<NativeBucket> &buckets)
{
    json.beginArray();
    for (const NativeBucket &bucket : buckets) {
        json.beginObject();
        json.key(QLatin1StringView("boundary_rule"));
        json.integer(bucket.boundaryRule);
        json.key(QLatin1StringView("count"));
        json.metricNumber(bucket.count);
        json.key(QLatin1StringView("lower"));
        json.metricNumber(bucket.lower);
        json.key(QLatin1StringView("upper"));
        json.metricNumber(bucket.upper);
        json.key(QLatin1StringView("zero_bucket"));
        json.boolean(bucket.isZeroBucket());
        json.endObject();
    }
    json.endArray();
}

// Members in name order, as the QJsonObject this replaces wrote them.
void writeSample(JsonWriter &json, const MetricFamily &family, const Sample &sample)
{
    json.beginObject();
    if (family.type != MetricType::Summary && family.type != MetricType::Histogram) {
        json.key(QLatin1StringView("labels"));
        writeLabels(json, sample.labels);
        json.key(QLatin1StringView("value"));
        json.metricNumber(sample.value);
        json.endObject();
        return;
    }
    const bool classicHistogram = family.type == MetricType::Histogram && !sample.nativeHistogram;
    if (classicHistogram) {
        json.key(QLatin1StringView("buckets"));
        writePairs(json, sample.buckets);
    }
    json.key(QLatin1StringView("count"));
    json.metricNumber(sample.count);
    json.key(QLatin1StringView("labels"));
    writeLabels(json, sample.labels);
    if (family.type == MetricType::Histogram && sample.nativeHistogram) {
        json.key(QLatin1StringView("native_buckets"));
        writeNativeBuckets(json, sample.nativeBuckets);
        if (const std::optional<int> schema = nativeSchemaOf(sample)) {
            json.key(QLatin1StringView("native_schema"));
            json.integer(*schema);
        }
    } else if (family.type == MetricType::Summary) {
        json.key(QLatin1StringView("quantiles"));
        writePairs(json, sample.quantiles);
    }
    json.key(QLatin1StringView("sum"));
    json.metricNumber(sample.sum);
    json.endObject();
}

void writeFamilies(JsonWriter &json, const Group &group)
{
    json.beginArray();
    for (const MetricFamily &family : group.families) {
        json.beginObject();
        json.key(QLatin1StringView("help"));
        json.string(family.help);
        json.key(QLatin1StringView("name"));
        json.string(family.name);
        json.key(QLatin1StringView("samples"));
        json.beginArray();
        for (const Sample &sample : family.samples)
            writeSample(json, family, sample);
        json.endArray();
        json.key(QLatin1StringView("type"));
        json.string(familyTypeName(family));
        json.endObject();
    }
    json.endArray();
}

void writeUnsupportedFamilies(JsonWriter &json, const Group &group)
{
    json.beginArray();
    for (const UnsupportedFamily &family : group.unsupportedFamilies) {
        json.beginObject();
        json.key(QLatin1StringView("name"));
        json.string(family.name);
        json.key(QLatin1StringView("note"));
        json.string(family.note);
        json.key(QLatin1StringView("type"));
        json.string(family.type);
        json.endObject();
    }
    json.endArray();
}

void writeRecord(JsonWriter &json, const GroupRecord &record)
{
    const Group &group = record.group;
    json.beginObject();
    json.key(QLatin1StringView("families"));
    json.integer(group.families.size());
    json.key(QLatin1StringView("family_details"));
    writeFamilies(json, group);
    json.key(QLatin1StringView("gateway"));
    json.string(record.gateway);
    json.key(QLatin1StringView("labels"));
    writeLabels(json, group.key.labels());
    json.key(QLatin1StringView("last_push_successful"));
    json.boolean(group.lastPushSuccessful);
    json.key(QLatin1StringView("outcome"));
    json.string(outcomeName(record.verdict.outcome));
    json.key(QLatin1StringView("push_age_seconds"));
    json.number(record.pushAgeSeconds);
    json.key(QLatin1StringView("push_failure_time"));
    json.number(group.pushFailureTime);
    json.key(QLatin1StringView("push_time"));
    json.number(group.pushTime);
    json.key(QLatin1StringView("unsupported_families"));
    writeUnsupportedFamilies(json, group);
    json.endObject();
}

} // namespace

void writeRecordsJson(const QList<GroupRecord> &records, ByteSink *sink)
{
    JsonWriter json(sink);
    json.beginArray();
    for (const GroupRecord &record : records) {
        writeRecord(json, record);
        json.drain();
    }
    json.endArray();
    json.commit();
    sink->finish();
}

} // namespace pushscope
