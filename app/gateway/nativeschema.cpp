#include "nativeschema.h"

#include <QMap>
#include <algorithm>
#include <cmath>
#include <optional>

namespace pushscope {

namespace {

constexpr int kMinSchema = -4;
constexpr int kMaxSchema = 8;

double bound(qint64 index, int schema)
{
    return std::exp2(std::ldexp(double(index), -schema));
}

bool near(double a, double b)
{
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

NativeSide toSide(const QMap<qint64, double> &counts)
{
    NativeSide side;
    qint64 previous = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (!side.spans.isEmpty() && it.key() == previous + 1)
            ++side.spans.last().length;
        else
            side.spans.append(
                {qint32(side.spans.isEmpty() ? it.key() : it.key() - previous - 1), 1});
        side.counts.append(it.value());
        previous = it.key();
    }
    return side;
}

} // namespace

bool rebuildNativeLayout(const QList<NativeBucket> &buckets, NativeLayout *layout, QString *whyNot)
{
    std::optional<int> schema;
    QMap<qint64, double> positive;
    QMap<qint64, double> negative;
    bool sawZeroBucket = false;
    for (const NativeBucket &bucket : buckets) {
        if (bucket.isZeroBucket()) {
            if (sawZeroBucket) {
                *whyNot = QStringLiteral("it shows two zero buckets.");
                return false;
            }
            sawZeroBucket = true;
            layout->zeroThreshold = bucket.upper;
            layout->zeroCount = bucket.count;
            continue;
        }
        const bool isPositive = bucket.lower >= 0;
        // Bounds as magnitudes: (lower, upper] for positive, [-upper, -lower) for negative.
        const double low = isPositive ? bucket.lower : -bucket.upper;
        const double high = isPositive ? bucket.upper : -bucket.lower;
        if (bucket.boundaryRule != (isPositive ? 0 : 1) || !(low > 0) || !std::isfinite(high) ||
            !(high > low)) {
            *whyNot = QStringLiteral("its buckets are not those of an exponential schema.");
            return false;
        }
        if (!schema) {
            const double exact = -std::log2(std::log2(high / low));
            const long rounded = std::lround(exact);
            if (std::fabs(exact - double(rounded)) > 1e-6 || rounded < kMinSchema ||
                rounded > kMaxSchema) {
                *whyNot = QStringLiteral("its bucket bounds fit no schema from %1 to %2.")
                              .arg(kMinSchema)
                              .arg(kMaxSchema);
                return false;
            }
            schema = int(rounded);
        }
        const qint64 index = std::llround(std::ldexp(std::log2(high), *schema));
        if (!near(bound(index, *schema), high) || !near(bound(index - 1, *schema), low)) {
            *whyNot = QStringLiteral("its bucket bounds fit no single schema.");
            return false;
        }
        QMap<qint64, double> &side = isPositive ? positive : negative;
        if (side.contains(index)) {
            *whyNot = QStringLiteral("it shows one bucket twice.");
            return false;
        }
        side.insert(index, bucket.count);
    }
    layout->schema = schema.value_or(0);
    // The gateway tells a native histogram by its spans: an empty one keeps one empty bucket.
    if (positive.isEmpty() && negative.isEmpty())
        positive.insert(0, 0);
    layout->positive = toSide(positive);
    layout->negative = toSide(negative);
    return true;
}

std::optional<int> nativeSchemaOf(const Sample &sample)
{
    const bool anyOutsideZero =
        std::any_of(sample.nativeBuckets.cbegin(), sample.nativeBuckets.cend(),
                    [](const NativeBucket &bucket) { return !bucket.isZeroBucket(); });
    NativeLayout layout;
    QString whyNot;
    if (!sample.nativeHistogram || !anyOutsideZero ||
        !rebuildNativeLayout(sample.nativeBuckets, &layout, &whyNot))
        return std::nullopt;
    return layout.schema;
}

} // namespace pushscope
