#pragma once

#include <QList>
#include <QString>

namespace pushscope {

struct RawLabelMatcher {
    QString name;
    QString op; // "=", "!=", "=~" or "!~"
    QString value;
    // A metric name, quoted and alone ({"my.metric", job="x"}) or before the braces
    // (my_metric{job="x"}): name is __name__, op "=".
    bool isMetricName = false;
};

// Reads a PromQL-style list: {name="value", other!~"re"}. Braces are optional; values are
// in double quotes with the PromQL escapes (\" \\ \n \t \xhh \uhhhh \Uhhhhhhhh ...), or
// single quotes / backticks like PromQL. Names are bare or quoted like PromQL 3
// ({"foo.bar"="x"}); a quoted name alone is the metric name, and so is a name before the
// braces or standing alone (processed_items{job="x"}, processed_items). A # starts a comment that
// runs to the end of its line, as in PromQL. On failure returns false and one sentence in `error`.
bool parseLabelSelector(const QString &text, QList<RawLabelMatcher> *matchers, QString *error);

} // namespace pushscope
