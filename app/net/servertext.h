#pragma once

#include <QString>

namespace pushscope {

// Text a server chose (an API "error" field, a body's first line, a scrape error) is
// quoted into messages only up to this many characters: a message can never carry
// megabytes into a label, a tooltip or standard error.
constexpr qsizetype kMaxServerTextChars = 200;

// `text` cut to `maxChars` characters, with an ellipsis when something was left out.
QString clipServerText(const QString &text, qsizetype maxChars = kMaxServerTextChars);

// A whole message that quotes server text, bounded: the quoted part's limit plus room for
// the sentence around it.
QString clipMessage(const QString &message);

} // namespace pushscope
