#include "httpresponsereader.h"

#include "servertext.h"

#include <algorithm>

namespace pushscope {

namespace {

constexpr qint64 kMaxHeadBytes = 64 * 1024;

bool parseDecimal(const QByteArray &text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    *value = text.toLongLong();
    return true;
}

} // namespace

void HttpResponseReader::reset(bool bodiless)
{
    *this = HttpResponseReader(m_maxBodyBytes);
    m_bodiless = bodiless;
}

HttpResponseReader::State HttpResponseReader::fail(const QString &why)
{
    m_state = State::Failed;
    m_error = why;
    return m_state;
}

QByteArray HttpResponseReader::header(const QByteArray &name) const
{
    for (auto it = m_headers.crbegin(); it != m_headers.crend(); ++it) {
        if (it->first.compare(name, Qt::CaseInsensitive) == 0)
            return it->second;
    }
    return {};
}

bool HttpResponseReader::takeLine(QByteArray &in, QByteArray *line)
{
    const qsizetype end = in.indexOf('\n');
    const bool inHead = m_part == Part::StatusLine || m_part == Part::Headers;
    if ((end < 0 ? m_headBytes + in.size() : m_headBytes + end + 1) > kMaxHeadBytes) {
        fail(inHead ? QStringLiteral("its status line and headers are longer than 64 KB")
                    : QStringLiteral("a chunk's size line or the trailers are longer than 64 KB"));
        return false;
    }
    if (end < 0)
        return false;
    m_headBytes += end + 1;
    *line = in.left(end > 0 && in.at(end - 1) == '\r' ? end - 1 : end);
    in.remove(0, end + 1);
    return true;
}

bool HttpResponseReader::readStatusLine(const QByteArray &line)
{
    // HTTP/1.1 202 Accepted
    if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.size() < 12) {
        fail(QStringLiteral("it does not start with an HTTP/1.x status line (\"%1\")")
                 .arg(clipServerText(QString::fromLatin1(line.left(80)))));
        return false;
    }
    qint64 status = 0;
    if (!parseDecimal(line.mid(9, 3), &status) || status < 100 || status > 999 ||
        (line.size() > 12 && line.at(12) != ' ')) {
        fail(QStringLiteral("its status code is not three digits"));
        return false;
    }
    m_http10 = line.at(7) == '0';
    m_keepAlive = !m_http10;
    m_status = int(status);
    m_reason = line.mid(13).trimmed();
    m_headers.clear();
    m_part = Part::Headers;
    return true;
}

bool HttpResponseReader::readHeaderLine(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line.at(0) == ' ' || line.at(0) == '\t') {
        fail(QStringLiteral("a header line is malformed"));
        return false;
    }
    m_headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    return true;
}

bool HttpResponseReader::startBody()
{
    m_headBytes = 0;
    const QByteArray connection = header("Connection").toLower();
    if (connection.contains("close"))
        m_keepAlive = false;
    else if (m_http10 && connection.contains("keep-alive"))
        m_keepAlive = true;

    const QByteArray transferEncoding = header("Transfer-Encoding").toLower();
    const QByteArray length = header("Content-Length");
    if (m_bodiless || m_status == 204 || m_status == 304) {
        m_framing = Framing::None;
    } else if (!transferEncoding.isEmpty()) {
        if (transferEncoding.split(',').last().trimmed() != "chunked") {
            fail(QStringLiteral("its Transfer-Encoding \"%1\" is not chunked")
                     .arg(clipServerText(QString::fromLatin1(transferEncoding))));
            return false;
        }
        m_framing = Framing::Chunked;
    } else if (!length.isEmpty()) {
        if (!parseDecimal(length, &m_remaining)) {
            fail(QStringLiteral("its Content-Length is not a number"));
            return false;
        }
        if (m_remaining > m_maxBodyBytes) {
            fail(QStringLiteral("its body of %1 bytes is over the %2 bytes read for a write")
                     .arg(m_remaining)
                     .arg(m_maxBodyBytes));
            return false;
        }
        m_framing = Framing::Length;
    } else {
        m_framing = Framing::UntilClose;
        m_keepAlive = false;
    }
    switch (m_framing) {
    case Framing::None:
        m_state = State::Complete;
        break;
    case Framing::Length:
        m_part = Part::Body;
        if (m_remaining == 0)
            m_state = State::Complete;
        break;
    case Framing::Chunked:
        m_part = Part::ChunkSize;
        break;
    case Framing::UntilClose:
        m_part = Part::Body;
        break;
    }
    return true;
}

bool HttpResponseReader::appendBody(const QByteArray &bytes)
{
    if (m_body.size() + bytes.size() > m_maxBodyBytes) {
        fail(QStringLiteral("its body is over the %1 bytes read for a write").arg(m_maxBodyBytes));
        return false;
    }
    m_body.append(bytes);
    return true;
}

HttpResponseReader::State HttpResponseReader::feed(QByteArray &in)
{
    m_bytesReceived += in.size() - m_untaken; // what arrived since the last call
    QByteArray line;
    while (m_state == State::Reading && !in.isEmpty()) {
        switch (m_part) {
        case Part::StatusLine:
            if (!takeLine(in, &line) || !readStatusLine(line))
                break;
            continue;
        case Part::Headers:
            if (!takeLine(in, &line))
                break;
            if (!line.isEmpty()) {
                readHeaderLine(line);
                continue;
            }
            if (m_status >= 100 && m_status < 200) {
                if (m_status == 101)
                    return fail(QStringLiteral("it switched protocols (HTTP 101)"));
                m_part = Part::StatusLine; // an interim answer; the real one follows
                continue;
            }
            startBody();
            continue;
        case Part::Body: {
            const qint64 take =
                m_framing == Framing::Length ? std::min<qint64>(m_remaining, in.size()) : in.size();
            if (!appendBody(in.left(take)))
                break;
            in.remove(0, take);
            if (m_framing == Framing::Length && (m_remaining -= take) == 0)
                m_state = State::Complete;
            continue;
        }
        case Part::ChunkSize: {
            if (!takeLine(in, &line))
                break;
            const qsizetype extension = line.indexOf(';');
            const QByteArray size = (extension < 0 ? line : line.left(extension)).trimmed();
            const bool hex = !size.isEmpty() && size.size() <= 15 &&
                             std::all_of(size.cbegin(), size.cend(), [](char c) {
                                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                                        (c >= 'A' && c <= 'F');
                             });
            if (!hex)
                return fail(QStringLiteral("a chunk size is not a hexadecimal number"));
            m_remaining = size.toLongLong(nullptr, 16);
            m_headBytes = 0; // each size line is bounded on its own; the body cap does the rest
            m_part = m_remaining == 0 ? Part::Trailers : Part::ChunkData;
            continue;
        }
        case Part::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, in.size());
            if (!appendBody(in.left(take)))
                break;
            in.remove(0, take);
            if ((m_remaining -= take) == 0)
                m_part = Part::ChunkEnd;
            continue;
        }
        case Part::ChunkEnd:
            if (!takeLine(in, &line))
                break;
            if (!line.isEmpty())
                return fail(QStringLiteral("a chunk is longer than its size says"));
            m_part = Part::ChunkSize;
            continue;
        case Part::Trailers:
            if (!takeLine(in, &line))
                break;
            if (line.isEmpty())
                m_state = State::Complete;
            continue;
        }
        break; // a part needs more bytes, or failed
    }
    if (m_state == State::Complete)
        m_bytesReceived -= in.size(); // the rest belongs to the next answer
    m_untaken = in.size();
    return m_state;
}

HttpResponseReader::State HttpResponseReader::finishAtClose()
{
    if (m_state != State::Reading)
        return m_state;
    if (m_part == Part::Body && m_framing == Framing::UntilClose) {
        m_state = State::Complete;
        return m_state;
    }
    return fail(m_bytesReceived == 0 ? QStringLiteral("the connection closed before any answer")
                                     : QStringLiteral("the connection closed in the middle of "
                                                      "the answer"));
}

} // namespace pushscope
