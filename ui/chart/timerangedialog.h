#pragma once

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QPair>
#include <chrono>

class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;

namespace pushscope::ui {

// Asks for a fixed time window: From and To (local time, to the minute). OK stays disabled,
// with the reason under the fields, until From is before To and the window spans at most
// kMaxDays days.
class TimeRangeDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kMaxDays = 90;

    explicit TimeRangeDialog(const QDateTime &from, const QDateTime &to, QWidget *parent = nullptr);

    QDateTime from() const;
    QDateTime to() const;
    void setRange(const QDateTime &from, const QDateTime &to);
    QString problem() const;
    bool canAccept() const;

    // Why [from, to] cannot be charted, as a sentence; empty when it can.
    static QString validate(const QDateTime &from, const QDateTime &to);
    // Short text for the range combo: "11-24 14:00 – 16:00" (the end's date only when it
    // differs from the start's).
    static QString windowText(const QDateTime &from, const QDateTime &to);

private:
    void check();

    QDateTimeEdit *m_fromEdit = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QLabel *m_problemLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

// The chart's range combo: 5m, 1h, 6h, 24h, 7d up to now, then "Custom…", which opens a
// TimeRangeDialog. A chosen fixed window gets its own entry ("11-24 14:00 – 16:00") above
// "Custom…" and stays there to be chosen again. rangeChanged() follows every change, by the
// user or by setCustomRange().
class TimeRangeBox : public QComboBox
{
    Q_OBJECT

public:
    explicit TimeRangeBox(QWidget *parent = nullptr);

    // Charts [from, to]; false (with the reason in `error`) when validate() refuses it.
    bool setCustomRange(const QDateTime &from, const QDateTime &to, QString *error = nullptr);
    bool isCustom() const;
    QDateTime customFrom() const { return m_from; }
    QDateTime customTo() const { return m_to; }
    // The length of the chosen range.
    std::chrono::milliseconds range() const;
    // The window to chart: the fixed one, or the last range() before `now`.
    QPair<QDateTime, QDateTime> window(const QDateTime &now) const;

Q_SIGNALS:
    void rangeChanged();

private:
    void onIndexChanged(int index);
    void askForRange();

    QDateTime m_from;
    QDateTime m_to;
    int m_lastIndex = 0;
    bool m_updating = false;
};

} // namespace pushscope::ui
