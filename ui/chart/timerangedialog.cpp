#include "timerangedialog.h"

#include "model/timeformat.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTimer>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

constexpr qint64 kCustomItem = 0; // item data of the chosen fixed window
constexpr qint64 kAskItem = -1;   // item data of "Custom…"
QLineEdit *rangeEndEdit(QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(QStringLiteral("2026-11-24 14:00, now-6h, now"));
    edit->setToolTip(TimeRangeDialog::tr("A local time, or now minus a Prometheus duration: "
                                         "now-30m, now-6h, now-2d, now"));
    edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("x")) * 22);
    return edit;
}

} // namespace

TimeRangeDialog::TimeRangeDialog(const QDateTime &from, const QDateTime &to, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Custom time range"));
    m_fromEdit = rangeEndEdit(this);
    m_fromEdit->setObjectName(QStringLiteral("rangeFromEdit"));
    m_toEdit = rangeEndEdit(this);
    m_toEdit->setObjectName(QStringLiteral("rangeToEdit"));
    m_problemLabel = new QLabel(this);
    m_problemLabel->setObjectName(QStringLiteral("rangeProblemLabel"));
    m_problemLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto *form = new QFormLayout;
    form->addRow(tr("From:"), m_fromEdit);
    form->addRow(tr("To:"), m_toEdit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    connect(m_fromEdit, &QLineEdit::textChanged, this, &TimeRangeDialog::check);
    connect(m_toEdit, &QLineEdit::textChanged, this, &TimeRangeDialog::check);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setRange(from, to);
}

RangeEnd TimeRangeDialog::fromEnd() const
{
    return RangeEnd::parse(m_fromEdit->text()).value_or(RangeEnd());
}

RangeEnd TimeRangeDialog::toEnd() const
{
    return RangeEnd::parse(m_toEdit->text()).value_or(RangeEnd());
}

QDateTime TimeRangeDialog::from() const
{
    return fromEnd().at(QDateTime::currentDateTime());
}

QDateTime TimeRangeDialog::to() const
{
    return toEnd().at(QDateTime::currentDateTime());
}

void TimeRangeDialog::setRange(const QDateTime &from, const QDateTime &to)
{
    setRange(RangeEnd::absolute(from), RangeEnd::absolute(to));
}

void TimeRangeDialog::setRange(const RangeEnd &from, const RangeEnd &to)
{
    m_fromEdit->setText(from.text());
    m_toEdit->setText(to.text());
    check();
}

QString TimeRangeDialog::problem() const
{
    return m_problemLabel->text();
}

bool TimeRangeDialog::canAccept() const
{
    return m_buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

void TimeRangeDialog::check()
{
    QString problem;
    const QDateTime now = QDateTime::currentDateTime();
    const auto from = RangeEnd::parse(m_fromEdit->text(), &problem);
    const auto to = from ? RangeEnd::parse(m_toEdit->text(), &problem) : std::nullopt;
    if (from && to)
        problem = validate(from->at(now), to->at(now));
    m_problemLabel->setText(problem);
    m_problemLabel->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

QString TimeRangeDialog::validate(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return tr("Enter a start and an end.");
    if (from >= to)
        return tr("From must be before To.");
    if (from.secsTo(to) > qint64(kMaxDays) * 86400)
        return tr("A custom range spans at most %1 days.").arg(kMaxDays);
    return {};
}

QString TimeRangeDialog::windowText(const QDateTime &from, const QDateTime &to)
{
    const QDateTime start = from.toLocalTime();
    const QDateTime end = to.toLocalTime();
    const QString endFormat =
        start.date() == end.date() ? QStringLiteral("HH:mm") : QStringLiteral("MM-dd HH:mm");
    return start.toString(QStringLiteral("MM-dd HH:mm")) + QStringLiteral(" – ") +
           end.toString(endFormat);
}

TimeRangeBox::TimeRangeBox(QWidget *parent)
    : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    const QList<QPair<QString, qint64>> presets = {{tr("5m"), 300},
                                                   {tr("1h"), 3600},
                                                   {tr("6h"), 6 * 3600},
                                                   {tr("24h"), 86400},
                                                   {tr("7d"), 7 * 86400}};
    for (const auto &[text, seconds] : presets)
        addItem(text, seconds);
    addItem(tr("Custom…"), kAskItem);
    setItemData(count() - 1, tr("Chart a fixed window of time"), Qt::ToolTipRole);
    setCurrentIndex(1);
    m_lastIndex = 1;
    connect(this, &QComboBox::currentIndexChanged, this, &TimeRangeBox::onIndexChanged);
}

void TimeRangeBox::onIndexChanged(int index)
{
    if (m_updating || index < 0)
        return;
    if (itemData(index).toLongLong() == kAskItem) {
        // After the popup has closed: a modal dialog from inside its signal would nest.
        QTimer::singleShot(0, this, &TimeRangeBox::askForRange);
        return;
    }
    m_lastIndex = index;
    Q_EMIT rangeChanged();
}

void TimeRangeBox::askForRange()
{
    const QPair<QDateTime, QDateTime> shown = window(QDateTime::currentDateTime());
    TimeRangeDialog dialog(shown.first, shown.second, this);
    if (!isCustom()) // a preset is the last N up to now
        dialog.setRange(RangeEnd::beforeNow(shown.first.secsTo(shown.second)),
                        RangeEnd::beforeNow(0));
    else if (followsNow())
        dialog.setRange(m_from, m_to);
    if (dialog.exec() == QDialog::Accepted && setCustomRange(dialog.fromEnd(), dialog.toEnd()))
        return;
    const QSignalBlocker blocker(this); // cancelled: back to what was shown
    setCurrentIndex(m_lastIndex);
}

bool TimeRangeBox::setCustomRange(const QDateTime &from, const QDateTime &to, QString *error)
{
    return setCustomRange(RangeEnd::absolute(from), RangeEnd::absolute(to), error);
}

bool TimeRangeBox::setCustomRange(const RangeEnd &fromEnd, const RangeEnd &toEnd, QString *error)
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime from = fromEnd.at(now);
    const QDateTime to = toEnd.at(now);
    const QString problem = TimeRangeDialog::validate(from, to);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_from = fromEnd;
    m_to = toEnd;
    const bool relative = fromEnd.isRelative() || toEnd.isRelative();
    const QString text = relative ? fromEnd.text() + QStringLiteral(" – ") + toEnd.text()
                                  : TimeRangeDialog::windowText(from, to);
    int at = findData(kCustomItem);
    m_updating = true;
    if (at < 0) {
        at = count() - 1; // just above "Custom…"
        insertItem(at, text, kCustomItem);
    } else {
        setItemText(at, text);
    }
    setItemData(at, formatTimestamp(from) + QStringLiteral(" – ") + formatTimestamp(to),
                Qt::ToolTipRole);
    setCurrentIndex(at);
    m_updating = false;
    m_lastIndex = at;
    Q_EMIT rangeChanged();
    return true;
}

bool TimeRangeBox::isCustom() const
{
    return currentData().toLongLong() == kCustomItem && m_from.isValid();
}

QDateTime TimeRangeBox::customFrom() const
{
    return m_from.at(QDateTime::currentDateTime());
}

QDateTime TimeRangeBox::customTo() const
{
    return m_to.at(QDateTime::currentDateTime());
}

std::chrono::milliseconds TimeRangeBox::range() const
{
    const QDateTime now = QDateTime::currentDateTime();
    if (isCustom())
        return std::chrono::milliseconds(m_from.at(now).msecsTo(m_to.at(now)));
    const qint64 seconds = currentData().toLongLong();
    return std::chrono::seconds(seconds > 0 ? seconds : 3600);
}

QPair<QDateTime, QDateTime> TimeRangeBox::window(const QDateTime &now) const
{
    if (isCustom())
        return {m_from.at(now), m_to.at(now)};
    return {now.addMSecs(-range().count()), now};
}

QString TimeRangeBox::choiceText() const
{
    if (isCustom())
        return m_from.text() + u'|' + m_to.text();
    return itemText(currentIndex());
}

bool TimeRangeBox::restoreChoice(const QString &text)
{
    const QStringList ends = text.split(u'|');
    if (ends.size() == 2) {
        const std::optional<RangeEnd> from = RangeEnd::parse(ends.at(0));
        const std::optional<RangeEnd> to = RangeEnd::parse(ends.at(1));
        return from && to && setCustomRange(*from, *to);
    }
    const int at = findText(text);
    if (at < 0 || itemData(at).toLongLong() <= 0)
        return false;
    setCurrentIndex(at);
    return true;
}

} // namespace pushscope::ui
