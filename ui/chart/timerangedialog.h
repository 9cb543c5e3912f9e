#pragma once

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QPair>
#include <chrono>

#include "rangeend.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace pushscope::ui {

// Asks for a time window: From and To, each a local time ("2026-11-24 14:00") or, as in
// Grafana, relative to now ("now-6h", "now-30m", "now-2d", "now"). OK stays disabled, with the
// reason under the fields, until both are read, From is before To and the window spans at
// most kMaxDays days.
class TimeRangeDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kMaxDays = 90;

    explicit TimeRangeDialog(const QDateTime &from, const QDateTime &to, QWidget *parent = nullptr);

    // The ends as entered (invalid while unreadable), and where they are now.
    RangeEnd fromEnd() const;
    RangeEnd toEnd() const;
    QDateTime from() const;
    QDateTime to() const;
    void setRange(const QDateTime &from, const QDateTime &to);
    void setRange(const RangeEnd &from, const RangeEnd &to);
    QString problem() const;
    bool canAccept() const;

    // Why [from, to] cannot be charted, as a sentence; empty when it can.
    static QString validate(const QDateTime &from, const QDateTime &to);
    // Short text for the range combo: "11-24 14:00 – 16:00" (the end's date only when it
    // differs from the start's).
    static QString windowText(const QDateTime &from, const QDateTime &to);

private:
    void check();

    QLineEdit *m_fromEdit = nullptr;
    QLineEdit *m_toEdit = nullptr;
    QLabel *m_problemLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

// The chart's range combo: 5m, 1h, 6h, 24h, 7d up to now, then "Custom…", which opens a
// TimeRangeDialog. A chosen window gets its own entry ("11-24 14:00 – 16:00", or
// "now-2d – now" for a relative one, which keeps following now) above "Custom…" and stays
// there to be chosen again. rangeChanged() follows every change, by the
// user or by setCustomRange().
class TimeRangeBox : public QComboBox
{
    Q_OBJECT

public:
    explicit TimeRangeBox(QWidget *parent = nullptr);

    // Charts [from, to]; false (with the reason in `error`) when validate() refuses it.
    bool setCustomRange(const QDateTime &from, const QDateTime &to, QString *error = nullptr);
    bool setCustomRange(const RangeEnd &from, const RangeEnd &to, QString *error = nullptr);
    bool isCustom() const;
    // A custom range whose end is relative ("now"): it moves on with the clock.
    bool followsNow() const { return isCustom() && m_to.isRelative(); }
    // The custom range's ends as they are now.
    QDateTime customFrom() const;
    QDateTime customTo() const;
    // The length of the chosen range.
    std::chrono::milliseconds range() const;
    // The window to chart: the fixed one, or the last range() before `now`.
    QPair<QDateTime, QDateTime> window(const QDateTime &now) const;
    // The choice as text to keep in QSettings: a preset's name ("6h") or a custom range's
    // ends ("now-2d|now"); restoreChoice() takes it back and says false for anything else.
    QString choiceText() const;
    bool restoreChoice(const QString &text);

Q_SIGNALS:
    void rangeChanged();

private:
    void onIndexChanged(int index);
    void askForRange();

    RangeEnd m_from;
    RangeEnd m_to;
    int m_lastIndex = 0;
    bool m_updating = false;
};

} // namespace pushscope::ui
