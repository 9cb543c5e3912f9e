#include "labelselectorparser.h"

namespace pushscope {

namespace {

bool isNameStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

class SelectorReader
{
public:
    explicit SelectorReader(const QString &text)
        : m_text(text)
    {}

    bool read(QList<RawLabelMatcher> *matchers, QString *error)
    {
        skipSpace();
        const bool braced = peek() == u'{';
        if (braced)
            ++m_pos;
        while (true) {
            skipSpace();
            if (atEnd()) {
                if (braced)
                    return fail(error, QStringLiteral("the closing } is missing"));
                break;
            }
            if (braced && peek() == u'}') {
                ++m_pos;
                skipSpace();
                if (!atEnd())
                    return fail(error, QStringLiteral("there is text after the closing }"));
                break;
            }
            RawLabelMatcher matcher;
            if (!readMatcher(&matcher, error))
                return false;
            matchers->append(matcher);
            skipSpace();
            if (peek() == u',')
                ++m_pos;
            else if (!atEnd() && !(braced && peek() == u'}'))
                return fail(error,
                            QStringLiteral("a comma is expected at position %1").arg(m_pos + 1));
        }
        return true;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    void skipSpace()
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }
    bool fail(QString *error, const QString &why) const
    {
        if (error)
            *error = QStringLiteral("Cannot read %1: %2.").arg(m_text, why);
        return false;
    }

    bool readMatcher(RawLabelMatcher *matcher, QString *error)
    {
        if (!isNameStart(peek()))
            return fail(error,
                        QStringLiteral("a label name is expected at position %1").arg(m_pos + 1));
        const qsizetype start = m_pos;
        while (!atEnd() && isNameChar(peek()))
            ++m_pos;
        matcher->name = m_text.mid(start, m_pos - start);
        skipSpace();
        for (const char *op : {"=~", "!~", "!=", "="}) {
            const QString candidate = QString::fromLatin1(op);
            if (QStringView(m_text).mid(m_pos).startsWith(candidate)) {
                matcher->op = candidate;
                m_pos += candidate.size();
                break;
            }
        }
        if (matcher->op.isEmpty())
            return fail(error,
                        QStringLiteral("=, !=, =~ or !~ is expected after %1").arg(matcher->name));
        skipSpace();
        return readQuoted(&matcher->value, matcher->name, error);
    }

    bool readQuoted(QString *value, const QString &name, QString *error)
    {
        const QChar quote = peek();
        if (quote != u'"' && quote != u'\'' && quote != u'`')
            return fail(error, QStringLiteral("the value of %1 must be quoted").arg(name));
        ++m_pos;
        while (!atEnd()) {
            const QChar c = m_text.at(m_pos++);
            if (c == quote)
                return true;
            if (c == u'\\' && quote != u'`' && !atEnd()) {
                const QChar escaped = m_text.at(m_pos++);
                if (escaped == u'n')
                    *value += QChar(u'\n');
                else if (escaped == u't')
                    *value += QChar(u'\t');
                else
                    *value += escaped;
            } else {
                *value += c;
            }
        }
        return fail(error, QStringLiteral("the value of %1 has no closing quote").arg(name));
    }

    const QString &m_text;
    qsizetype m_pos = 0;
};

} // namespace

bool parseLabelSelector(const QString &text, QList<RawLabelMatcher> *matchers, QString *error)
{
    QList<RawLabelMatcher> parsed;
    if (!SelectorReader(text).read(&parsed, error))
        return false;
    *matchers = parsed;
    return true;
}

} // namespace pushscope
