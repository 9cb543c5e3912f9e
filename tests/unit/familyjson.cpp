#include "familyjson.h"

#include "gateway/nativeschema.h"
#include "gateway/snapshotparser.h"

#include <QJsonObject>

namespace pushscope {

namespace {

QJsonValue number(double value)
{
    return formatMetricNumber(value);
}

QJsonArray pairs(const QList<QPair<double, double>> &list)
{
    QJsonArray array;
    for (const auto &pair : list)
        array.append(QJsonArray{number(pair.first), number(pair.second)});
    return array;
}

QJsonObject sampleToJson(const MetricFamily &family, const Sample &sample)
{
    QJsonObject labels;
    for (const auto &label : sample.labels)
        labels.insert(label.first, label.second);
    QJsonObject object{{QStringLiteral("labels"), labels}};
    if (family.type != MetricType::Summary && family.type != MetricType::Histogram) {
        object.insert(QStringLiteral("value"), number(sample.value));
        return object;
    }
    object.insert(QStringLiteral("count"), number(sample.count));
    object.insert(QStringLiteral("sum"), number(sample.sum));
    if (family.type == MetricType::Summary) {
        object.insert(QStringLiteral("quantiles"), pairs(sample.quantiles));
    } else if (!sample.nativeHistogram) {
        object.insert(QStringLiteral("buckets"), pairs(sample.buckets));
    } else {
        QJsonArray buckets;
        for (const NativeBucket &bucket : sample.nativeBuckets)
            buckets.append(QJsonObject{{QStringLiteral("boundary_rule"), bucket.boundaryRule},
                                       {QStringLiteral("lower"), number(bucket.lower)},
                                       {QStringLiteral("upper"), number(bucket.upper)},
                                       {QStringLiteral("count"), number(bucket.count)},
                                       {QStringLiteral("zero_bucket"), bucket.isZeroBucket()}});
        object.insert(QStringLiteral("native_buckets"), buckets);
        if (const std::optional<int> schema = nativeSchemaOf(sample))
            object.insert(QStringLiteral("native_schema"), *schema);
    }
    return object;
}

} // namespace

QJsonArray familiesToJson(const Group &group)
{
    QJsonArray families;
    for (const MetricFamily &family : group.families) {
        QJsonArray samples;
        for (const Sample &sample : family.samples)
            samples.append(sampleToJson(family, sample));
        families.append(QJsonObject{{QStringLiteral("name"), family.name},
                                    {QStringLiteral("type"), familyTypeName(family)},
                                    {QStringLiteral("help"), family.help},
                                    {QStringLiteral("samples"), samples}});
    }
    return families;
}

QJsonArray unsupportedFamiliesToJson(const Group &group)
{
    QJsonArray families;
    for (const UnsupportedFamily &family : group.unsupportedFamilies)
        families.append(QJsonObject{{QStringLiteral("name"), family.name},
                                    {QStringLiteral("type"), family.type},
                                    {QStringLiteral("note"), family.note}});
    return families;
}

} // namespace pushscope
