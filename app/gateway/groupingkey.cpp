#include "groupingkey.h"

#include "labelselectorparser.h"

#include <QByteArray>
#include <algorithm>

namespace pushscope {

namespace {

bool isPlainPathCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
           u == '.' || u == '~' || u == '-';
}

} // namespace

GroupingKey::GroupingKey(Labels labels)
    : m_labels(std::move(labels))
{
    std::sort(m_labels.begin(), m_labels.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &label : std::as_const(m_labels)) {
        m_id += label.first;
        m_id += QChar(0x1f);
        m_id += label.second;
        m_id += QChar(0x1e);
    }
}

QString GroupingKey::value(const QString &name) const
{
    for (const auto &label : m_labels) {
        if (label.first == name)
            return label.second;
    }
    return {};
}

bool GroupingKey::contains(const QString &name) const
{
    return std::any_of(m_labels.cbegin(), m_labels.cend(),
                       [&](const auto &label) { return label.first == name; });
}

Labels GroupingKey::otherLabels() const
{
    Labels others;
    others.reserve(m_labels.size());
    for (const auto &label : m_labels) {
        if (label.first != u"job")
            others.append(label);
    }
    return others;
}

QString GroupingKey::toString() const
{
    QString text = QStringLiteral("{");
    if (contains(QStringLiteral("job")))
        text += QStringLiteral("job=") + quoteLabelValue(job());
    const QString others = otherLabelsText();
    if (!others.isEmpty()) {
        if (text.size() > 1)
            text += QLatin1Char(',');
        text += others;
    }
    return text + QLatin1Char('}');
}

QString GroupingKey::otherLabelsText() const
{
    QString text;
    for (const auto &label : otherLabels()) {
        if (!text.isEmpty())
            text += QLatin1Char(',');
        text += label.first + QLatin1Char('=') + quoteLabelValue(label.second);
    }
    return text;
}

QString GroupingKey::urlPath() const
{
    QString path = QStringLiteral("/metrics/") + encodeGroupingLabel(QStringLiteral("job"), job());
    for (const auto &label : otherLabels())
        path += QLatin1Char('/') + encodeGroupingLabel(label.first, label.second);
    return path;
}

bool GroupingKey::parse(const QString &text, GroupingKey *key, QString *error)
{
    QList<RawLabelMatcher> matchers;
    if (!parseLabelSelector(text, &matchers, error))
        return false;
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("Cannot read the grouping key %1: %2").arg(text, why);
        return false;
    };
    Labels labels;
    for (const RawLabelMatcher &matcher : matchers) {
        if (matcher.op != u"=")
            return fail(QStringLiteral("a grouping key names exact values (label=\"value\")."));
        for (const auto &existing : labels) {
            if (existing.first == matcher.name)
                return fail(QStringLiteral("the label %1 appears twice.").arg(matcher.name));
        }
        labels.append({matcher.name, matcher.value});
    }
    GroupingKey parsed(labels);
    if (parsed.job().isEmpty())
        return fail(QStringLiteral("a non-empty job label is required."));
    *key = parsed;
    return true;
}

QString quoteLabelValue(const QString &value)
{
    QString quoted;
    quoted.reserve(value.size() + 2);
    quoted += QLatin1Char('"');
    for (const QChar c : value) {
        if (c == u'\\')
            quoted += QStringLiteral("\\\\");
        else if (c == u'"')
            quoted += QStringLiteral("\\\"");
        else if (c == u'\n')
            quoted += QStringLiteral("\\n");
        else
            quoted += c;
    }
    quoted += QLatin1Char('"');
    return quoted;
}

QString encodeGroupingLabel(const QString &name, const QString &value)
{
    if (value.isEmpty())
        return name + QStringLiteral("@base64/=");
    // "." and ".." are plain characters but path segments that HTTP clients normalise away.
    const bool dotSegment = value == u"." || value == u"..";
    if (!dotSegment && std::all_of(value.cbegin(), value.cend(), isPlainPathCharacter))
        return name + QLatin1Char('/') + value;
    const QByteArray encoded =
        value.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::KeepTrailingEquals);
    return name + QStringLiteral("@base64/") + QString::fromLatin1(encoded);
}

} // namespace pushscope
