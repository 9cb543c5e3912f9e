#pragma once

#include <QList>
#include <QString>

namespace pushscope {

struct RawLabelMatcher {
    QString name;
    QString op; // "=", "!=", "=~" or "!~"
    QString value;
};

// Reads a PromQL-style list: {name="value", other!~"re"}. Braces are optional; values are
// in double quotes with \" \\ \n escapes (or single quotes / backticks like PromQL).
// On failure returns false and one sentence in `error`.
bool parseLabelSelector(const QString &text, QList<RawLabelMatcher> *matchers, QString *error);

} // namespace pushscope
