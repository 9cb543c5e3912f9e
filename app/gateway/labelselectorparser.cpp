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

// Metric names may also hold colons (recording rules: job:requests:rate5m).
bool isMetricNameChar(QChar c)
{
    return isNameChar(c) || c == u':';
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
        readMetricName(matchers);
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
    // White space, and a # comment up to the end of its line as in PromQL (what Copy in the
    // window writes after a key: {job="x"} # gateway).
    void skipSpace()
    {
        while (!atEnd()) {
            if (peek() == u'#') {
                while (!atEnd() && peek() != u'\n')
                    ++m_pos;
            } else if (peek().isSpace()) {
                ++m_pos;
            } else {
                break;
            }
        }
    }
    // A metric name before the braces, or alone, as in PromQL: processed_items{job="x"}.
    // Anything else (job="x" without braces) is left for the matchers.
    void readMetricName(QList<RawLabelMatcher> *matchers)
    {
        const qsizetype start = m_pos;
        if (!isNameStart(peek()) && peek() != u':')
            return;
        while (!atEnd() && isMetricNameChar(peek()))
            ++m_pos;
        const QString name = m_text.mid(start, m_pos - start);
        skipSpace();
        if (!atEnd() && peek() != u'{') {
            m_pos = start;
            return;
        }
        matchers->append({QStringLiteral("__name__"), QStringLiteral("="), name, true});
    }

    bool fail(QString *error, const QString &why) const
    {
        if (error)
            *error = QStringLiteral("Cannot read %1: %2.").arg(m_text, why);
        return false;
    }

    bool readMatcher(RawLabelMatcher *matcher, QString *error)
    {
        const QChar first = peek();
        if (first == u'"' || first == u'\'' || first == u'`') {
            if (!readQuoted(&matcher->name, QStringLiteral("a quoted name"), error))
                return false;
            skipSpace();
            if (atEnd() || peek() == u',' || peek() == u'}') {
                matcher->value = matcher->name;
                matcher->name = QStringLiteral("__name__");
                matcher->op = QStringLiteral("=");
                matcher->isMetricName = true;
                return true;
            }
        } else if (isNameStart(first)) {
            const qsizetype start = m_pos;
            while (!atEnd() && isNameChar(peek()))
                ++m_pos;
            matcher->name = m_text.mid(start, m_pos - start);
        } else {
            return fail(error,
                        QStringLiteral("a label name is expected at position %1").arg(m_pos + 1));
        }
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
        return readQuoted(&matcher->value, QStringLiteral("the value of ") + matcher->name, error);
    }

    // Reads `count` hex (or octal) digits into a number; false when there are fewer.
    bool readDigits(int count, int base, uint *number)
    {
        *number = 0;
        for (int i = 0; i < count; ++i) {
            bool ok = false;
            const uint digit = QString(peek()).toUInt(&ok, base);
            if (atEnd() || !ok)
                return false;
            *number = *number * uint(base) + digit;
            ++m_pos;
        }
        return true;
    }

    // One escape after a backslash, appended as UTF-8 (\x and octal give raw bytes, as in Go).
    bool readEscape(QByteArray *bytes)
    {
        const QChar escaped = m_text.at(m_pos++);
        static const QString simple = QStringLiteral("abfnrtv");
        static const char controls[] = "\a\b\f\n\r\t\v";
        uint number = 0;
        if (const qsizetype i = simple.indexOf(escaped); i >= 0) {
            bytes->append(controls[i]);
        } else if (escaped == u'x') {
            if (!readDigits(2, 16, &number))
                return false;
            bytes->append(char(number));
        } else if (escaped >= u'0' && escaped <= u'7') {
            --m_pos;
            if (!readDigits(3, 8, &number) || number > 0xff)
                return false;
            bytes->append(char(number));
        } else if (escaped == u'u' || escaped == u'U') {
            if (!readDigits(escaped == u'u' ? 4 : 8, 16, &number) || number > 0x10ffff ||
                (number >= 0xd800 && number <= 0xdfff))
                return false;
            const char32_t codePoint = number;
            bytes->append(QString::fromUcs4(&codePoint, 1).toUtf8());
        } else {
            bytes->append(QString(escaped).toUtf8()); // \" \\ \' and, leniently, any other
        }
        return true;
    }

    bool readQuoted(QString *value, const QString &what, QString *error)
    {
        const QChar quote = peek();
        if (quote != u'"' && quote != u'\'' && quote != u'`')
            return fail(error, QStringLiteral("%1 must be quoted").arg(what));
        ++m_pos;
        QByteArray bytes;
        while (!atEnd()) {
            const QChar c = m_text.at(m_pos++);
            if (c == quote) {
                *value = QString::fromUtf8(bytes);
                return true;
            }
            if (c == u'\\' && quote != u'`' && !atEnd()) {
                if (!readEscape(&bytes))
                    return fail(error, QStringLiteral("%1 has a broken escape before position %2")
                                           .arg(what)
                                           .arg(m_pos + 1));
            } else if (c.isHighSurrogate() && !atEnd() && peek().isLowSurrogate()) {
                bytes.append(QStringView(m_text).mid(m_pos - 1, 2).toUtf8());
                ++m_pos;
            } else {
                bytes.append(QString(c).toUtf8());
            }
        }
        return fail(error, QStringLiteral("%1 has no closing quote").arg(what));
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
