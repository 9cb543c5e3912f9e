#include "expositionwriter.h"

#include <QLocale>
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

// The sample's own labels: those not fixed by the grouping key.
Labels ownLabels(const Labels &labels, const GroupingKey &key)
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

} // namespace

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
            const Labels labels = ownLabels(sample.labels, group.key);
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
