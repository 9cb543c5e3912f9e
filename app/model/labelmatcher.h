#pragma once

#include "gateway/groupingkey.h"
#include "gateway/snapshot.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

namespace pushscope {

// One PromQL label matcher: name="v", name!="v", name=~"re", name!~"re". Regexes are
// fully anchored like PromQL; a label the key lacks has the value "".
class LabelMatcher
{
public:
    enum class Op { Equal, NotEqual, Regex, NotRegex };

    static bool create(const QString &name, Op op, const QString &value, LabelMatcher *matcher,
                       QString *error);

    const QString &name() const { return m_name; }
    Op op() const { return m_op; }
    const QString &value() const { return m_value; }
    bool matches(const QString &labelValue) const;
    bool matches(const GroupingKey &key) const { return matches(key.value(m_name)); }
    QString toString() const;

private:
    QString m_name;
    Op m_op = Op::Equal;
    QString m_value;
    QRegularExpression m_regex;
};

using LabelMatchers = QList<LabelMatcher>;

// Parses `{job=~"batch_.*", shard!="3"}`; the braces are optional. A metric name before the
// braces or alone (`processed_items{job="x"}`) is a __name__ matcher. An empty text gives no
// matchers. Returns false with one sentence naming the problem.
bool parseMatchers(const QString &text, LabelMatchers *matchers, QString *error);
bool matchesAll(const LabelMatchers &matchers, const GroupingKey &key);
// The same, with __name__ (a metric name, {"my.metric"}) matched against the group's families.
bool matchesAll(const LabelMatchers &matchers, const Group &group);
// True when `text` reads as matchers rather than as words to search for: braces (with or
// without a metric name before them) or name="value". A bare metric name reads as a word.
bool looksLikeMatchers(const QString &text);

} // namespace pushscope
