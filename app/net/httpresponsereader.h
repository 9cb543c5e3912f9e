#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// Reads one HTTP/1.x response at a time from the bytes of a connection as they arrive, in
// whatever pieces: the status line, headers, and a body sized by Content-Length, chunked, or
// running to the end of the connection. Interim 1xx responses are skipped. Bounded: a head of
// more than 64 KB or a body over the cap fails instead of growing.
class HttpResponseReader
{
public:
    enum class State { Reading, Complete, Failed };

    explicit HttpResponseReader(qint64 maxBodyBytes = 1024 * 1024)
        : m_maxBodyBytes(maxBodyBytes)
    {}

    // Ready for the response to the next request; `bodiless` for HEAD.
    void reset(bool bodiless = false);
    // Takes from the front of `in` what belongs to this response, leaving any rest in it.
    State feed(QByteArray &in);
    // The connection ended: a body that runs to the end is complete, anything else failed.
    State finishAtClose();

    State state() const { return m_state; }
    int status() const { return m_status; }
    const QByteArray &reason() const { return m_reason; }
    const QByteArray &body() const { return m_body; }
    // The value of the last header of that name (case-insensitive), empty if none.
    QByteArray header(const QByteArray &name) const;
    // The connection may carry the next request once this response is complete.
    bool keepAlive() const { return m_keepAlive; }
    // Why the bytes are not a valid response, once Failed.
    const QString &error() const { return m_error; }
    // The bytes of this answer given so far, also those not taken yet (an unfinished line).
    qint64 bytesReceived() const { return m_bytesReceived; }

private:
    enum class Part { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkEnd, Trailers };
    enum class Framing { None, Length, Chunked, UntilClose };

    State fail(const QString &why);
    // One line without its CRLF (or bare LF); false while the line is incomplete.
    bool takeLine(QByteArray &in, QByteArray *line);
    bool readStatusLine(const QByteArray &line);
    bool readHeaderLine(const QByteArray &line);
    bool startBody();
    bool appendBody(const QByteArray &bytes);

    qint64 m_maxBodyBytes;
    bool m_bodiless = false;
    State m_state = State::Reading;
    Part m_part = Part::StatusLine;
    Framing m_framing = Framing::None;
    int m_status = 0;
    bool m_http10 = false;
    bool m_keepAlive = true;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    qint64 m_headBytes = 0;
    qint64 m_remaining = 0; // of the body (Length) or of the current chunk
    QByteArray m_body;
    QString m_error;
    qint64 m_bytesReceived = 0;
    qint64 m_untaken = 0; // left in the caller's buffer by the last feed()
};

} // namespace pushscope
