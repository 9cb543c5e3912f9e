#include "rangeend.h"

#include "model/duration.h"

#include <QCoreApplication>
#include <QStringList>
#include <cmath>

namespace pushscope::ui {

namespace {

const QString kNow = QStringLiteral("now");
const QStringList kAbsoluteFormats = {QStringLiteral("yyyy-MM-dd HH:mm"),
                                      QStringLiteral("yyyy-MM-dd HH:mm:ss"),
                                      QStringLiteral("yyyy-MM-ddTHH:mm:ss")};

QString tr(const char *text)
{
    return QCoreApplication::translate("pushscope::ui::RangeEnd", text);
}

} // namespace

RangeEnd RangeEnd::absolute(const QDateTime &at)
{
    RangeEnd end;
    end.m_at = at;
    return end;
}

RangeEnd RangeEnd::beforeNow(qint64 seconds)
{
    RangeEnd end;
    end.m_relative = true;
    end.m_secondsBeforeNow = seconds;
    return end;
}

std::optional<RangeEnd> RangeEnd::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(kNow, Qt::CaseInsensitive) == 0)
        return beforeNow(0);
    if (trimmed.startsWith(kNow, Qt::CaseInsensitive)) {
        const QString rest = trimmed.mid(kNow.size()).trimmed();
        double seconds = 0;
        QString durationError;
        if (!rest.startsWith(QLatin1Char('-'))) {
            durationError = tr("only a time before now, e.g. now-6h");
        } else if (parseDuration(rest.mid(1).trimmed(), &seconds, &durationError) && seconds >= 1) {
            return beforeNow(qint64(std::llround(seconds)));
        } else if (durationError.isEmpty()) {
            durationError = tr("at least a second");
        }
        if (error)
            *error = tr("“%1”: %2.").arg(trimmed, durationError);
        return std::nullopt;
    }
    for (const QString &format : kAbsoluteFormats) {
        const QDateTime at = QDateTime::fromString(trimmed, format);
        if (at.isValid())
            return absolute(at);
    }
    if (error)
        *error =
            tr("“%1” is neither a time (2026-11-24 14:00) nor now-6h, now-30m, now.").arg(trimmed);
    return std::nullopt;
}

QDateTime RangeEnd::at(const QDateTime &now) const
{
    return m_relative ? now.addSecs(-m_secondsBeforeNow) : m_at;
}

QString RangeEnd::text() const
{
    if (m_relative)
        return m_secondsBeforeNow == 0
                   ? kNow
                   : kNow + QLatin1Char('-') + formatDuration(double(m_secondsBeforeNow));
    return m_at.toLocalTime().toString(m_at.time().second() == 0 ? kAbsoluteFormats.at(0)
                                                                 : kAbsoluteFormats.at(1));
}

} // namespace pushscope::ui
