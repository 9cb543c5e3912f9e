#include "labelmatcher.h"

#include "gateway/labelselectorparser.h"

#include <QRegularExpression>
#include <algorithm>

namespace pushscope {

bool LabelMatcher::create(const QString &name, Op op, const QString &value, LabelMatcher *matcher,
                          QString *error)
{
    LabelMatcher created;
    created.m_name = name;
    created.m_op = op;
    created.m_value = value;
    if (op == Op::Regex || op == Op::NotRegex) {
        created.m_regex = QRegularExpression(QRegularExpression::anchoredPattern(value),
                                             QRegularExpression::DotMatchesEverythingOption);
        if (!created.m_regex.isValid()) {
            if (error)
                *error = QStringLiteral("The regular expression \"%1\" for %2 is invalid: %3.")
                             .arg(value, name, created.m_regex.errorString());
            return false;
        }
        created.m_regex.optimize();
    }
    *matcher = created;
    return true;
}

bool LabelMatcher::matches(const QString &labelValue) const
{
    switch (m_op) {
    case Op::Equal:
        return labelValue == m_value;
    case Op::NotEqual:
        return labelValue != m_value;
    case Op::Regex:
        return m_regex.match(labelValue).hasMatch();
    case Op::NotRegex:
        return !m_regex.match(labelValue).hasMatch();
    }
    return false;
}

QString LabelMatcher::toString() const
{
    static const char *const ops[] = {"=", "!=", "=~", "!~"};
    return formatLabelName(m_name) + QLatin1String(ops[int(m_op)]) + quoteLabelValue(m_value);
}

bool parseMatchers(const QString &text, LabelMatchers *matchers, QString *error)
{
    QList<RawLabelMatcher> raw;
    if (!parseLabelSelector(text, &raw, error))
        return false;
    LabelMatchers parsed;
    for (const RawLabelMatcher &r : raw) {
        const LabelMatcher::Op op = r.op == u"="    ? LabelMatcher::Op::Equal
                                    : r.op == u"!=" ? LabelMatcher::Op::NotEqual
                                    : r.op == u"=~" ? LabelMatcher::Op::Regex
                                                    : LabelMatcher::Op::NotRegex;
        LabelMatcher matcher;
        if (!LabelMatcher::create(r.name, op, r.value, &matcher, error))
            return false;
        parsed.append(matcher);
    }
    *matchers = parsed;
    return true;
}

bool matchesAll(const LabelMatchers &matchers, const GroupingKey &key)
{
    return std::all_of(matchers.cbegin(), matchers.cend(),
                       [&](const LabelMatcher &m) { return m.matches(key); });
}

bool matchesAll(const LabelMatchers &matchers, const Group &group)
{
    return std::all_of(matchers.cbegin(), matchers.cend(), [&](const LabelMatcher &m) {
        if (m.name() != u"__name__")
            return m.matches(group.key);
        return std::any_of(group.families.cbegin(), group.families.cend(),
                           [&](const MetricFamily &family) { return m.matches(family.name); });
    });
}

bool looksLikeMatchers(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*(\{|[A-Za-z_:][A-Za-z0-9_:]*\s*\{|)"
                       R"(([A-Za-z_][A-Za-z0-9_]*|"([^"\\]|\\.)*")\s*(=|!=|=~|!~)\s*["'`]))"));
    return pattern.match(text).hasMatch();
}

} // namespace pushscope
