#pragma once

#include <QList>
#include <QString>

namespace pushscope {

struct RawLabelMatcher {
    QString name;
    QString op; // "=", "!=", "=~" or "!~"
    QString value;
    // A quoted name standing alone ({"my.metric", job="x"}): name is __name__, op "=".
    bool isMetricName = false;
};

// Reads a PromQL-style list: {name="value", other!~"re"}. Braces are optional; values are
// in double quotes with the PromQL escapes (\" \\ \n \t \xhh \uhhhh \Uhhhhhhhh ...), or
// single quotes / backticks like PromQL. Names are bare or quoted like PromQL 3
// ({"foo.bar"="x"}); a quoted name alone is the metric name. A # starts a comment that runs
// to the end of its line, as in PromQL.
// On failure returns false and one sentence in `error`.
bool parseLabelSelector(const QString &text, QList<RawLabelMatcher> *matchers, QString *error);

} // namespace pushscope
