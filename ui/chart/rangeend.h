#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace pushscope::ui {

// One end of a chart's time range, as Grafana writes it: "now", "now-6h" (a Prometheus
// duration back from now: now-30m, now-2d, now-1h30m) or a local time "2026-11-24 14:00"
// (seconds optional). A relative end moves with the clock: at(now) is read at each load.
class RangeEnd
{
public:
    RangeEnd() = default;
    static RangeEnd absolute(const QDateTime &at);
    static RangeEnd beforeNow(qint64 seconds);
    // The end `text` stands for; nullopt with a sentence in `error` when it is neither form.
    static std::optional<RangeEnd> parse(const QString &text, QString *error = nullptr);

    bool isValid() const { return m_relative || m_at.isValid(); }
    bool isRelative() const { return m_relative; }
    QDateTime at(const QDateTime &now) const;
    // What parse() reads back: "now-6h" or "2026-11-24 14:00".
    QString text() const;

private:
    QDateTime m_at;
    qint64 m_secondsBeforeNow = 0;
    bool m_relative = false;
};

} // namespace pushscope::ui
