#include "expositionwriter.h"

#include "protobufwriter.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace pushscope {

namespace {

// Bytes, not QString: a bulk delete writes one of these per group before each request.
void appendNumber(QByteArray *out, double value)
{
    if (std::isnan(value))
        out->append("NaN");
    else if (std::isinf(value))
        out->append(value > 0 ? "+Inf" : "-Inf");
    else if (value == 0 && std::signbit(value))
        out->append("-0"); // the integer path below would drop the sign
    else if (value == std::floor(value) && std::fabs(value) < 1e15)
        out->append(QByteArray::number(qint64(value)));
    else
        out->append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
}

void appendEscaped(QByteArray *out, const QString &text, bool quotes)
{
    for (const char c : text.toUtf8()) {
        if (c == '\\')
            out->append("\\\\");
        else if (c == '\n')
            out->append("\\n");
        else if (quotes && c == '"')
            out->append("\\\"");
        else
            out->append(c);
    }
}

void appendLine(QByteArray *out, const QString &name, const char *suffix, const Labels &labels,
                const char *extraName, double extraValue, bool hasExtra, double value)
{
    out->append(name.toUtf8());
    out->append(suffix);
    if (!labels.isEmpty() || hasExtra) {
        out->append('{');
        bool first = true;
        for (const auto &label : labels) {
            if (!first)
                out->append(',');
            first = false;
            out->append(label.first.toUtf8());
            out->append("=\"");
            appendEscaped(out, label.second, true);
            out->append('"');
        }
        if (hasExtra) {
            if (!first)
                out->append(',');
            out->append(extraName);
            out->append("=\"");
            appendNumber(out, extraValue);
            out->append('"');
        }
        out->append('}');
    }
    out->append(' ');
    appendNumber(out, value);
    out->append('\n');
}

bool isLegacyName(const QString &name, bool isMetricName)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' ||
                            (isMetricName && c == u':');
        if (!letter && !(i > 0 && c >= u'0' && c <= u'9'))
            return false;
    }
    return true;
}

bool isWholeCount(double count)
{
    return count >= 0 && count == std::floor(count);
}

// Whether the classic text format carries the family exactly.
bool textCarries(const MetricFamily &family, const GroupingKey &key)
{
    if (family.gaugeHistogram || !isLegacyName(family.name, true))
        return false;
    for (const Sample &sample : family.samples) {
        if (sample.nativeHistogram)
            return false;
        for (const auto &label : detail::ownLabels(sample.labels, key)) {
            if (!isLegacyName(label.first, false))
                return false;
        }
        if (family.type != MetricType::Histogram)
            continue;
        bool whole = isWholeCount(sample.count);
        for (const auto &bucket : sample.buckets)
            whole = whole && isWholeCount(bucket.second);
        if (!whole)
            return false;
    }
    return true;
}

} // namespace

// The sample's own labels: those not fixed by the grouping key.
Labels detail::ownLabels(const Labels &labels, const GroupingKey &key)
{
    Labels own;
    for (const auto &label : labels) {
        if (key.contains(label.first))
            continue;
        if (label.first == u"instance" && label.second.isEmpty())
            continue; // added by the gateway
        own.append(label);
    }
    return own;
}

RestorableBody toRestorableBody(const Group &group)
{
    RestorableBody result;
    if (!group.unsupportedFamilies.isEmpty()) {
        const UnsupportedFamily &family = group.unsupportedFamilies.first();
        result.whyNot =
            QStringLiteral("The family %1 cannot be read, so no backup could restore it: %2")
                .arg(family.name, family.note);
        return result;
    }
    const bool text = std::all_of(group.families.cbegin(), group.families.cend(),
                                  [&](const MetricFamily &f) { return textCarries(f, group.key); });
    if (text) {
        result.body = toExpositionText(group);
        result.contentType = textFormatContentType();
        return result;
    }
    result.body = toDelimitedProtobuf(group, &result.whyNot);
    if (result.isRestorable())
        result.contentType = kDelimitedProtobufContentType;
    return result;
}

QByteArray toExpositionText(const Group &group)
{
    QByteArray out;
    out.reserve(256 * group.families.size());
    for (const MetricFamily &family : group.families) {
        const QByteArray name = family.name.toUtf8();
        if (!family.help.isEmpty()) {
            out.append("# HELP " + name + ' ');
            appendEscaped(&out, family.help, false);
            out.append('\n');
        }
        out.append("# TYPE " + name + ' ' + metricTypeName(family.type).toLatin1() + '\n');
        for (const Sample &sample : family.samples) {
            const Labels labels = detail::ownLabels(sample.labels, group.key);
            switch (family.type) {
            case MetricType::Counter:
            case MetricType::Gauge:
            case MetricType::Untyped:
                appendLine(&out, family.name, "", labels, nullptr, 0, false, sample.value);
                break;
            case MetricType::Summary:
                for (const auto &quantile : sample.quantiles)
                    appendLine(&out, family.name, "", labels, "quantile", quantile.first, true,
                               quantile.second);
                appendLine(&out, family.name, "_sum", labels, nullptr, 0, false, sample.sum);
                appendLine(&out, family.name, "_count", labels, nullptr, 0, false, sample.count);
                break;
            case MetricType::Histogram:
                for (const auto &bucket : sample.buckets)
                    appendLine(&out, family.name, "_bucket", labels, "le", bucket.first, true,
                               bucket.second);
                appendLine(&out, family.name, "_sum", labels, nullptr, 0, false, sample.sum);
                appendLine(&out, family.name, "_count", labels, nullptr, 0, false, sample.count);
                break;
            }
        }
    }
    return out;
}

} // namespace pushscope
