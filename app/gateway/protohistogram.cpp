#include "protohistogram.h"

#include "protowire.h"

#include <QList>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace pushscope {

namespace {

using namespace detail;

constexpr int kMinSchema = -4;
constexpr int kMaxSchema = 8;
constexpr quint64 kMaxBuckets = 100000;

struct Span {
    qint64 offset = 0;
    quint64 length = 0;
};

// One side (negative or positive) of a native histogram as it comes on the wire.
struct WireSide {
    QList<Span> spans;
    QList<qint64> deltas; // integer counts, each relative to the previous bucket's
    QList<double> counts; // float counts, absolute
};

struct WireHistogram {
    std::optional<double> count;
    double sum = 0;
    QList<QPair<double, double>> classicBuckets; // (upper bound, cumulative count)
    std::optional<qint64> schema;
    std::optional<double> zeroThreshold;
    double zeroCount = 0;
    bool sawZeroCount = false;
    WireSide negative;
    WireSide positive;

    bool hasNativeParts() const
    {
        return schema || zeroThreshold || sawZeroCount || !negative.spans.isEmpty() ||
               !positive.spans.isEmpty();
    }
};

bool readVarintField(WireReader &reader, quint64 wire, quint64 *value)
{
    if (wire != Varint)
        return reader.fail(QStringLiteral("A whole-number field has the wrong wire type."));
    return reader.readVarint(value);
}

bool readDoubleField(WireReader &reader, quint64 wire, double *value)
{
    if (wire != Fixed64)
        return reader.fail(QStringLiteral("A floating-point field has the wrong wire type."));
    return reader.readDouble(value);
}

// A repeated field, packed (one length-delimited run) or not (one value per tag).
template<typename Append>
bool readRepeated(WireReader &reader, quint64 wire, quint64 elementWire, Append append)
{
    if (wire == LengthDelimited) {
        QByteArrayView packed;
        if (!reader.readLengthDelimited(&packed))
            return false;
        WireReader inner(packed);
        while (!inner.atEnd()) {
            if (!append(inner))
                return reader.fail(inner.error());
        }
        return true;
    }
    if (wire != elementWire)
        return reader.fail(QStringLiteral("A repeated field has the wrong wire type."));
    return append(reader);
}

bool readSpan(WireReader &reader, quint64 wire, QList<Span> *spans)
{
    QByteArrayView bytes;
    if (wire != LengthDelimited || !reader.readLengthDelimited(&bytes))
        return reader.fail(QStringLiteral("A bucket span is not a message."));
    WireReader inner(bytes);
    Span span;
    quint64 field = 0;
    quint64 innerWire = 0;
    quint64 raw = 0;
    while (inner.readTag(&field, &innerWire)) {
        if (field == 1 && readVarintField(inner, innerWire, &raw))
            span.offset = unZigZag(raw);
        else if (field == 2 && readVarintField(inner, innerWire, &raw))
            span.length = raw;
        else if (field != 1 && field != 2)
            inner.skip(innerWire);
    }
    if (inner.failed())
        return reader.fail(inner.error());
    spans->append(span);
    return true;
}

bool readClassicBucket(WireReader &reader, quint64 wire, WireHistogram *histogram)
{
    QByteArrayView bytes;
    if (wire != LengthDelimited || !reader.readLengthDelimited(&bytes))
        return reader.fail(QStringLiteral("A bucket is not a message."));
    WireReader inner(bytes);
    double upper = 0;
    double count = 0;
    quint64 field = 0;
    quint64 innerWire = 0;
    quint64 whole = 0;
    while (inner.readTag(&field, &innerWire)) {
        if (field == 1 && readVarintField(inner, innerWire, &whole))
            count = double(whole);
        else if (field == 4)
            readDoubleField(inner, innerWire, &count);
        else if (field == 2)
            readDoubleField(inner, innerWire, &upper);
        else if (field != 1)
            inner.skip(innerWire); // exemplar
    }
    if (inner.failed())
        return reader.fail(inner.error());
    histogram->classicBuckets.append({upper, count});
    return true;
}

bool readSideField(WireReader &reader, quint64 field, quint64 wire, WireSide *side)
{
    switch (field) {
    case 0:
        return readSpan(reader, wire, &side->spans);
    case 1:
        return readRepeated(reader, wire, Varint, [side](WireReader &r) {
            quint64 raw = 0;
            if (!r.readVarint(&raw))
                return false;
            side->deltas.append(unZigZag(raw));
            return true;
        });
    default:
        return readRepeated(reader, wire, Fixed64, [side](WireReader &r) {
            double value = 0;
            if (!r.readDouble(&value))
                return false;
            side->counts.append(value);
            return true;
        });
    }
}

bool readHistogramMessage(QByteArrayView bytes, WireHistogram *histogram, QString *error)
{
    WireReader reader(bytes);
    quint64 field = 0;
    quint64 wire = 0;
    quint64 whole = 0;
    double number = 0;
    while (reader.readTag(&field, &wire)) {
        switch (field) {
        case 1:
            if (readVarintField(reader, wire, &whole))
                histogram->count = double(whole);
            break;
        case 4:
            if (readDoubleField(reader, wire, &number))
                histogram->count = number;
            break;
        case 2:
            readDoubleField(reader, wire, &histogram->sum);
            break;
        case 3:
            readClassicBucket(reader, wire, histogram);
            break;
        case 5:
            if (readVarintField(reader, wire, &whole))
                histogram->schema = unZigZag(whole);
            break;
        case 6:
            if (readDoubleField(reader, wire, &number))
                histogram->zeroThreshold = number;
            break;
        case 7:
        case 8:
            histogram->sawZeroCount = true;
            if (field == 7 ? readVarintField(reader, wire, &whole)
                           : readDoubleField(reader, wire, &number))
                histogram->zeroCount = field == 7 ? double(whole) : number;
            break;
        case 9:
        case 10:
        case 11:
            readSideField(reader, field - 9, wire, &histogram->negative);
            break;
        case 12:
        case 13:
        case 14:
            readSideField(reader, field - 12, wire, &histogram->positive);
            break;
        default:
            reader.skip(wire); // created time stamp, exemplars, fields of later versions
        }
    }
    *error = reader.error();
    return !reader.failed();
}

double bound(qint64 index, qint64 schema)
{
    return std::exp2(std::ldexp(double(index), -int(schema)));
}

// Each populated bucket of one side as (index, own count), in index order.
bool expandSide(const WireSide &side, QList<QPair<qint64, double>> *buckets, QString *whyNot)
{
    if (!side.deltas.isEmpty() && !side.counts.isEmpty()) {
        *whyNot = QStringLiteral("it has both whole and float bucket counts.");
        return false;
    }
    quint64 total = 0;
    for (const Span &span : side.spans) {
        // Offsets and lengths are 32-bit on the wire; larger ones are garbage.
        if (span.length > kMaxBuckets || span.offset > INT32_MAX || span.offset < INT32_MIN) {
            *whyNot = QStringLiteral("a bucket span is out of range.");
            return false;
        }
        total += span.length;
    }
    const qsizetype counts = side.deltas.isEmpty() ? side.counts.size() : side.deltas.size();
    if (total != quint64(counts) || total > kMaxBuckets) {
        *whyNot = QStringLiteral("its spans cover %1 buckets but it has %2 counts.")
                      .arg(total)
                      .arg(counts);
        return false;
    }
    qint64 index = 0;
    qsizetype position = 0;
    double running = 0;
    for (const Span &span : side.spans) {
        index += span.offset;
        for (quint64 i = 0; i < span.length; ++i, ++index, ++position) {
            const double count = side.deltas.isEmpty()
                                     ? side.counts.at(position)
                                     : (running += double(side.deltas.at(position)));
            if (count != 0)
                buckets->append({index, count});
        }
    }
    return true;
}

bool toNativeBuckets(const WireHistogram &histogram, Sample *sample, QString *whyNot)
{
    const qint64 schema = histogram.schema.value_or(0);
    if (schema < kMinSchema || schema > kMaxSchema) {
        *whyNot = QStringLiteral("its buckets are custom (schema %1), which PushScope does not "
                                 "show.")
                      .arg(schema);
        return false;
    }
    QList<QPair<qint64, double>> negative;
    QList<QPair<qint64, double>> positive;
    if (!expandSide(histogram.negative, &negative, whyNot) ||
        !expandSide(histogram.positive, &positive, whyNot))
        return false;
    sample->nativeHistogram = true;
    for (auto it = negative.crbegin(); it != negative.crend(); ++it)
        sample->nativeBuckets.append(
            {1, -bound(it->first, schema), -bound(it->first - 1, schema), it->second});
    if (histogram.zeroCount != 0) {
        const double threshold = histogram.zeroThreshold.value_or(0);
        sample->nativeBuckets.append({3, -threshold, threshold, histogram.zeroCount});
    }
    for (const auto &bucket : std::as_const(positive))
        sample->nativeBuckets.append(
            {0, bound(bucket.first - 1, schema), bound(bucket.first, schema), bucket.second});
    return true;
}

} // namespace

bool readProtoHistogram(QByteArrayView metricFields, Sample *sample, QString *whyNot)
{
    WireReader fields(metricFields);
    quint64 field = 0;
    quint64 wire = 0;
    std::optional<QByteArrayView> histogramBytes;
    while (fields.readTag(&field, &wire)) {
        QByteArrayView bytes;
        if (field == 7 && wire == LengthDelimited && fields.readLengthDelimited(&bytes))
            histogramBytes = bytes;
        else if (field != 7)
            fields.skip(wire);
    }
    if (fields.failed() || !histogramBytes) {
        *whyNot = fields.failed() ? fields.error()
                                  : QStringLiteral("it holds no histogram in the gateway's "
                                                   "/metrics.");
        return false;
    }
    WireHistogram histogram;
    QString error;
    if (!readHistogramMessage(*histogramBytes, &histogram, &error)) {
        *whyNot =
            QStringLiteral("its histogram in the gateway's /metrics cannot be read: %1").arg(error);
        return false;
    }
    sample->count = histogram.count.value_or(0);
    sample->sum = histogram.sum;
    if (!histogram.classicBuckets.isEmpty() || !histogram.hasNativeParts()) {
        sample->buckets = histogram.classicBuckets;
        std::stable_sort(sample->buckets.begin(), sample->buckets.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        return true;
    }
    return toNativeBuckets(histogram, sample, whyNot);
}

} // namespace pushscope
