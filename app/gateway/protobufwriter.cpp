#include "protobufwriter.h"

#include "nativeschema.h"

#include <cmath>
#include <cstring>

namespace pushscope {

namespace {

// Field numbers and wire types of io.prometheus.client (client_model metrics.proto).
enum WireType : quint32 { Varint = 0, Fixed64 = 1, LengthDelimited = 2 };
enum FamilyType : quint64 {
    Counter = 0,
    Gauge = 1,
    Summary = 2,
    Untyped = 3,
    Histogram = 4,
    GaugeHistogram = 5
};

void appendVarint(QByteArray *out, quint64 value)
{
    while (value >= 0x80) {
        out->append(char(quint8(value) | 0x80));
        value >>= 7;
    }
    out->append(char(quint8(value)));
}

quint64 zigZag(qint64 value)
{
    return (quint64(value) << 1) ^ quint64(value >> 63);
}

void appendTag(QByteArray *out, quint32 field, WireType wire)
{
    appendVarint(out, (quint64(field) << 3) | wire);
}

void appendVarintField(QByteArray *out, quint32 field, quint64 value)
{
    appendTag(out, field, Varint);
    appendVarint(out, value);
}

void appendDoubleField(QByteArray *out, quint32 field, double value)
{
    appendTag(out, field, Fixed64);
    quint64 bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 8; ++i)
        out->append(char(quint8(bits >> (8 * i)))); // little endian on the wire
}

void appendBytesField(QByteArray *out, quint32 field, const QByteArray &bytes)
{
    appendTag(out, field, LengthDelimited);
    appendVarint(out, quint64(bytes.size()));
    out->append(bytes);
}

bool isWhole(double value)
{
    return std::isfinite(value) && value >= 0 && value == std::floor(value) && value < 1.8e19;
}

QByteArray labelPair(const QString &name, const QString &value)
{
    QByteArray pair;
    appendBytesField(&pair, 1, name.toUtf8());
    appendBytesField(&pair, 2, value.toUtf8());
    return pair;
}

// Count fields: the uint64 field, or the float one (4 for count, 8 for zero count...) when
// the gateway showed a fractional count.
void appendCount(QByteArray *out, quint32 wholeField, quint32 floatField, double count,
                 bool asFloat)
{
    if (asFloat)
        appendDoubleField(out, floatField, count);
    else
        appendVarintField(out, wholeField, quint64(count));
}

QByteArray summary(const Sample &sample)
{
    QByteArray out;
    appendVarintField(&out, 1, isWhole(sample.count) ? quint64(sample.count) : 0);
    appendDoubleField(&out, 2, sample.sum);
    for (const auto &quantile : sample.quantiles) {
        QByteArray q;
        appendDoubleField(&q, 1, quantile.first);
        appendDoubleField(&q, 2, quantile.second);
        appendBytesField(&out, 3, q);
    }
    return out;
}

QByteArray classicHistogram(const Sample &sample)
{
    bool asFloat = !isWhole(sample.count);
    for (const auto &bucket : sample.buckets)
        asFloat = asFloat || !isWhole(bucket.second);
    QByteArray out;
    appendCount(&out, 1, 4, sample.count, asFloat);
    appendDoubleField(&out, 2, sample.sum);
    for (const auto &bucket : sample.buckets) {
        QByteArray b;
        appendCount(&b, 1, 4, bucket.second, asFloat);
        appendDoubleField(&b, 2, bucket.first);
        appendBytesField(&out, 3, b);
    }
    return out;
}

void appendSide(QByteArray *out, const NativeSide &side, bool asFloat, quint32 spanField,
                quint32 deltaField, quint32 countField)
{
    for (const auto &span : side.spans) {
        QByteArray s;
        appendVarintField(&s, 1, zigZag(span.offset));
        appendVarintField(&s, 2, span.length);
        appendBytesField(out, spanField, s);
    }
    double previous = 0;
    for (const double count : side.counts) {
        if (asFloat)
            appendDoubleField(out, countField, count);
        else
            appendVarintField(out, deltaField, zigZag(qint64(count) - qint64(previous)));
        previous = count;
    }
}

QByteArray nativeHistogram(const Sample &sample, const NativeLayout &layout)
{
    bool asFloat = !isWhole(sample.count) || !isWhole(layout.zeroCount);
    for (const NativeSide *side : {&layout.negative, &layout.positive}) {
        for (const double count : side->counts)
            asFloat = asFloat || !isWhole(count);
    }
    QByteArray out;
    appendCount(&out, 1, 4, sample.count, asFloat);
    appendDoubleField(&out, 2, sample.sum);
    appendVarintField(&out, 5, zigZag(layout.schema));
    appendDoubleField(&out, 6, layout.zeroThreshold);
    appendCount(&out, 7, 8, layout.zeroCount, asFloat);
    appendSide(&out, layout.negative, asFloat, 9, 10, 11);
    appendSide(&out, layout.positive, asFloat, 12, 13, 14);
    return out;
}

FamilyType familyType(const MetricFamily &family)
{
    switch (family.type) {
    case MetricType::Counter:
        return Counter;
    case MetricType::Gauge:
        return Gauge;
    case MetricType::Untyped:
        return Untyped;
    case MetricType::Summary:
        return Summary;
    case MetricType::Histogram:
        return family.gaugeHistogram ? GaugeHistogram : Histogram;
    }
    return Untyped;
}

// One Metric message; false and a sentence when it cannot be rebuilt.
bool appendMetric(QByteArray *out, const MetricFamily &family, const Sample &sample,
                  const GroupingKey &key, QString *whyNot)
{
    QByteArray metric;
    for (const auto &label : detail::ownLabels(sample.labels, key))
        appendBytesField(&metric, 1, labelPair(label.first, label.second));
    QByteArray value;
    switch (family.type) {
    case MetricType::Counter:
    case MetricType::Gauge:
    case MetricType::Untyped: {
        appendDoubleField(&value, 1, sample.value);
        const quint32 field = family.type == MetricType::Counter ? 3
                              : family.type == MetricType::Gauge ? 2
                                                                 : 5;
        appendBytesField(&metric, field, value);
        break;
    }
    case MetricType::Summary:
        appendBytesField(&metric, 4, summary(sample));
        break;
    case MetricType::Histogram:
        if (sample.nativeHistogram) {
            NativeLayout layout;
            if (!rebuildNativeLayout(sample.nativeBuckets, &layout, whyNot)) {
                *whyNot = QStringLiteral("The native histogram %1 cannot be rebuilt: %2")
                              .arg(family.name, *whyNot);
                return false;
            }
            appendBytesField(&metric, 7, nativeHistogram(sample, layout));
        } else {
            appendBytesField(&metric, 7, classicHistogram(sample));
        }
        break;
    }
    appendBytesField(out, 4, metric);
    return true;
}

} // namespace

QByteArray toDelimitedProtobuf(const Group &group, QString *whyNot)
{
    QByteArray out;
    for (const MetricFamily &family : group.families) {
        QByteArray message;
        appendBytesField(&message, 1, family.name.toUtf8());
        if (!family.help.isEmpty())
            appendBytesField(&message, 2, family.help.toUtf8());
        appendVarintField(&message, 3, familyType(family));
        for (const Sample &sample : family.samples) {
            if (!appendMetric(&message, family, sample, group.key, whyNot))
                return {};
        }
        appendVarint(&out, quint64(message.size()));
        out.append(message);
    }
    return out;
}

} // namespace pushscope
