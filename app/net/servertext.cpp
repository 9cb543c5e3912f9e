#include "servertext.h"

namespace pushscope {

namespace {

// Room for the sentence around one quoted server text (URL, status, explanation).
constexpr qsizetype kMaxMessageChars = kMaxServerTextChars + 50;

} // namespace

QString clipServerText(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    qsizetype cut = maxChars;
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut; // never split a character in two
    return text.left(cut) + QStringLiteral("…");
}

QString clipMessage(const QString &message)
{
    return clipServerText(message, kMaxMessageChars);
}

} // namespace pushscope
