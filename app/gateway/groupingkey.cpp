#include "groupingkey.h"

#include "labelselectorparser.h"

#include <QByteArray>
#include <QHash>
#include <algorithm>

namespace pushscope {

namespace {

constexpr char16_t kReplacementCharacter = 0xfffd;

bool isAsciiLetterOrDigit(char32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Characters no client or proxy rewrites inside a segment; a segment never starts with '.'
// (".", ".." and, in Qt 6.4, ".x" are dropped by path normalisation).
bool isPlainPathValue(const QString &value)
{
    if (value.isEmpty() || value.front() == u'.')
        return false;
    return std::all_of(value.cbegin(), value.cend(), [](QChar c) {
        return isAsciiLetterOrDigit(c.unicode()) || c == u'_' || c == u'.' || c == u'~' ||
               c == u'-';
    });
}

bool hasUnpairedSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return true;
    }
    return false;
}

QString nameSegment(const QString &name, NameEscaping escaping, QString *why)
{
    const bool reserved = name.startsWith(QStringLiteral("__"));
    if (escaping == NameEscaping::Legacy) {
        if (isLegacyLabelName(name) && !reserved)
            return name;
        *why = reserved ? QStringLiteral("starts with __, which the gateway reserves")
                        : QStringLiteral("is not a legacy label name ([a-zA-Z_][a-zA-Z0-9_]*) and "
                                         "the gateway does not run with --push.enable-utf8-names");
        return {};
    }
    if (name.isEmpty() || hasUnpairedSurrogate(name)) {
        *why = QStringLiteral("is not valid UTF-8");
        return {};
    }
    // The gateway's decoder (common/model UnescapeName) gives up at six hex digits.
    const QList<uint> codePoints = name.toUcs4();
    if (std::any_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return c > 0xfffff; })) {
        *why = QStringLiteral("holds a character above U+FFFFF, which the gateway's U__ "
                              "decoding cannot read");
        return {};
    }
    // Taken as is unless it starts with U__ (it would be decoded) or is not path-safe.
    if (isLegacyLabelName(name) && !reserved && !name.startsWith(QStringLiteral("U__")))
        return name;
    return escapeUtf8LabelName(name);
}

} // namespace

GroupingKey::GroupingKey(Labels labels)
    : m_labels(std::move(labels))
{
    std::sort(m_labels.begin(), m_labels.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    computeId();
}

// Length-prefixed, so no name or value can fake a boundary.
void GroupingKey::computeId()
{
    m_id.clear();
    for (const auto &label : std::as_const(m_labels)) {
        m_id += QString::number(label.first.size()) + QLatin1Char(':') + label.first;
        m_id += QString::number(label.second.size()) + QLatin1Char(':') + label.second;
    }
    if (m_lossyOrdinal > 0)
        m_id += QLatin1Char('#') + QString::number(m_lossyOrdinal);
}

void GroupingKey::setLossyOrdinal(int ordinal)
{
    m_lossyOrdinal = ordinal;
    computeId();
}

bool GroupingKey::isLossy() const
{
    return std::any_of(m_labels.cbegin(), m_labels.cend(), [](const auto &label) {
        return label.first.contains(QChar(kReplacementCharacter)) ||
               label.second.contains(QChar(kReplacementCharacter));
    });
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
        text += formatLabel(QStringLiteral("job"), job());
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
        text += formatLabel(label.first, label.second);
    }
    return text;
}

QString GroupingKey::pathOn(NameEscaping escaping, QString *error) const
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("The key %1 %2; nothing was sent.").arg(toString(), why);
        return QString();
    };
    if (isLossy())
        return fail(QStringLiteral("holds U+FFFD, which the gateway's JSON shows in place of "
                                   "bytes that are not UTF-8, so its exact key is unknown"));
    if (job().isEmpty())
        return fail(QStringLiteral("has no job, which every gateway path needs"));
    QString path = QStringLiteral("/metrics/") + encodeGroupingLabel(QStringLiteral("job"), job());
    for (const auto &label : otherLabels()) {
        QString why;
        const QString name = nameSegment(label.first, escaping, &why);
        if (name.isEmpty())
            return fail(QStringLiteral("cannot be named on this gateway: the label name %1 %2")
                            .arg(formatLabelName(label.first), why));
        if (hasUnpairedSurrogate(label.second))
            return fail(QStringLiteral("holds a value that is not valid UTF-8"));
        path += QLatin1Char('/') + encodeGroupingLabel(name, label.second);
    }
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
        if (matcher.isMetricName)
            return fail(QStringLiteral("a grouping key names labels, not a metric."));
        if (matcher.op != u"=")
            return fail(QStringLiteral("a grouping key names exact values (label=\"value\")."));
        for (const auto &existing : labels) {
            if (existing.first == matcher.name)
                return fail(QStringLiteral("the label %1 appears twice.")
                                .arg(formatLabelName(matcher.name)));
        }
        labels.append({matcher.name, matcher.value});
    }
    GroupingKey parsed(labels);
    if (parsed.job().isEmpty())
        return fail(QStringLiteral("a non-empty job label is required."));
    *key = parsed;
    return true;
}

void separateLossyKeys(const QList<GroupingKey *> &keys)
{
    QHash<QString, int> seen;
    for (GroupingKey *key : keys) {
        if (!key->isLossy())
            continue;
        key->setLossyOrdinal(0);
        int &count = seen[key->id()];
        if (count > 0)
            key->setLossyOrdinal(count);
        ++count;
    }
}

QString quoteLabelValue(const QString &value)
{
    QString quoted;
    quoted.reserve(value.size() + 2);
    quoted += QLatin1Char('"');
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (c == u'\\')
            quoted += QStringLiteral("\\\\");
        else if (c == u'"')
            quoted += QStringLiteral("\\\"");
        else if (c == u'\n')
            quoted += QStringLiteral("\\n");
        else if (c == u'\t')
            quoted += QStringLiteral("\\t");
        else if (c == u'\r')
            quoted += QStringLiteral("\\r");
        else if (u < 0x20 || u == 0x7f || u == kReplacementCharacter)
            quoted += QStringLiteral("\\u") +
                      QStringLiteral("%1").arg(uint(u), 4, 16, QLatin1Char('0')).toUpper();
        else
            quoted += c;
    }
    quoted += QLatin1Char('"');
    return quoted;
}

bool isLegacyLabelName(const QString &name)
{
    if (name.isEmpty() || (name.front() >= u'0' && name.front() <= u'9'))
        return false;
    return std::all_of(name.cbegin(), name.cend(),
                       [](QChar c) { return isAsciiLetterOrDigit(c.unicode()) || c == u'_'; });
}

QString formatLabelName(const QString &name)
{
    return isLegacyLabelName(name) ? name : quoteLabelValue(name);
}

QString formatLabel(const QString &name, const QString &value)
{
    return formatLabelName(name) + QLatin1Char('=') + quoteLabelValue(value);
}

QString encodeGroupingLabel(const QString &name, const QString &value)
{
    if (value.isEmpty())
        return name + QStringLiteral("@base64/=");
    if (isPlainPathValue(value))
        return name + QLatin1Char('/') + value;
    const QByteArray encoded =
        value.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::KeepTrailingEquals);
    return name + QStringLiteral("@base64/") + QString::fromLatin1(encoded);
}

QString escapeUtf8LabelName(const QString &name)
{
    QString escaped = QStringLiteral("U__");
    for (const char32_t c : name.toUcs4()) {
        if (c == '_')
            escaped += QStringLiteral("__");
        else if (isAsciiLetterOrDigit(c))
            escaped += QChar(char16_t(c));
        else
            escaped += QLatin1Char('_') + QString::number(uint(c), 16) + QLatin1Char('_');
    }
    return escaped;
}

} // namespace pushscope
