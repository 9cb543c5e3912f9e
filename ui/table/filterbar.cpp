#include "filterbar.h"

#include "model/groupfilterproxy.h"
#include "outcomestyle.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

// Stays open while outcomes are checked one after the other; Enter or a click outside closes.
class CheckListMenu : public QMenu
{
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        QAction *action = actionAt(event->position().toPoint());
        if (action && action->isCheckable() && action->isEnabled()) {
            action->trigger();
            return;
        }
        QMenu::mouseReleaseEvent(event);
    }
};

} // namespace

FilterBar::FilterBar(GroupFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_edit(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_outcomeButton(new QToolButton(this))
    , m_allOutcomes(new QAction(tr("All outcomes"), this))
    , m_focus(new QAction(tr("&Filter…"), this))
{
    setObjectName(QStringLiteral("filterBar"));
    m_edit->setObjectName(QStringLiteral("filterEdit"));
    m_edit->setPlaceholderText(
        tr("Filter: words, or matchers like {job=~\"batch_.*\", shard!=\"3\"}"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this); // Esc clears it
    connect(m_edit, &QLineEdit::textChanged, this, &FilterBar::applyText);

    m_focus->setShortcut(QKeySequence::Find);
    connect(m_focus, &QAction::triggered, this, [this] {
        m_edit->setFocus(Qt::ShortcutFocusReason);
        m_edit->selectAll();
    });

    auto *outcomeMenu = new CheckListMenu(this);
    m_allOutcomes->setCheckable(true);
    m_allOutcomes->setChecked(true);
    connect(m_allOutcomes, &QAction::triggered, this, [this] { setOutcomes({}); });
    outcomeMenu->addAction(m_allOutcomes);
    outcomeMenu->addSeparator();
    for (int i = 0; i < kOutcomeCount; ++i) {
        const auto outcome = Outcome(i);
        auto *action = new QAction(outcomeIcon(outcome), outcomeName(outcome), this);
        action->setCheckable(true);
        connect(action, &QAction::triggered, this, &FilterBar::applyOutcomes);
        m_outcomeActions.append(action);
    }
    // In the order the table sorts them: the worst first.
    for (Outcome outcome :
         {Outcome::Failed, Outcome::Stale, Outcome::Late, Outcome::Unknown, Outcome::Success})
        outcomeMenu->addAction(m_outcomeActions.at(int(outcome)));
    m_outcomeButton->setObjectName(QStringLiteral("outcomeButton"));
    m_outcomeButton->setMenu(outcomeMenu);
    m_outcomeButton->setPopupMode(QToolButton::InstantPopup);
    m_outcomeButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_outcomeButton->setToolTip(tr("Show only groups with the checked outcomes"));
    m_outcomeButton->setText(tr("Outcome: all"));

    // Not in the toolbar: a narrow window moves toolbar widgets into its overflow menu,
    // where the sentence saying why the table is empty would be hidden.
    m_error->setObjectName(QStringLiteral("filterError"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828; padding: 0px 4px;"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_edit, 1);
    row->addWidget(m_outcomeButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_error);
}

QAction *FilterBar::outcomeAction(Outcome outcome) const
{
    return m_outcomeActions.at(int(outcome));
}

void FilterBar::setOutcomes(const QList<Outcome> &outcomes)
{
    for (int i = 0; i < kOutcomeCount; ++i)
        m_outcomeActions.at(i)->setChecked(outcomes.contains(Outcome(i)));
    applyOutcomes();
}

// None checked, or all: every outcome.
void FilterBar::applyOutcomes()
{
    QList<Outcome> checked;
    QStringList names;
    for (Outcome outcome :
         {Outcome::Failed, Outcome::Stale, Outcome::Late, Outcome::Unknown, Outcome::Success}) {
        if (m_outcomeActions.at(int(outcome))->isChecked()) {
            checked.append(outcome);
            names.append(outcomeName(outcome));
        }
    }
    if (checked.size() == kOutcomeCount) {
        for (QAction *action : std::as_const(m_outcomeActions))
            action->setChecked(false);
        checked.clear();
    }
    m_allOutcomes->setChecked(checked.isEmpty());
    m_outcomeButton->setText(checked.isEmpty()
                                 ? tr("Outcome: all")
                                 : tr("Outcome: %1").arg(names.join(QStringLiteral(", "))));
    m_proxy->setOutcomeFilter(checked);
    emit filterChanged();
}

void FilterBar::setText(const QString &text)
{
    m_edit->setText(text);
}

void FilterBar::setTable(QTableView *table)
{
    m_table = table;
    m_emptyTable = new QLabel(table->viewport());
    m_emptyTable->setObjectName(QStringLiteral("filterEmptyTable"));
    m_emptyTable->setTextFormat(Qt::PlainText);
    m_emptyTable->setAlignment(Qt::AlignCenter);
    m_emptyTable->setWordWrap(true);
    m_emptyTable->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emptyTable->setStyleSheet(QStringLiteral("color: #c62828; padding: 12px;"));
    m_emptyTable->hide();
    table->viewport()->installEventFilter(this); // keeps the label as large as the viewport
    updateEmptyTable();
}

void FilterBar::updateEmptyTable()
{
    if (!m_emptyTable)
        return;
    const QString error = m_proxy->filterError();
    m_emptyTable->setText(tr("No rows: the filter is not valid — %1").arg(error));
    m_emptyTable->setGeometry(m_table->viewport()->rect());
    m_emptyTable->setVisible(!error.isEmpty());
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    // Esc in the filter box clears it, as in a browser's find bar.
    if (watched == m_edit && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && !m_edit->text().isEmpty()) {
        m_edit->clear();
        return true;
    }
    if (m_table && watched == m_table->viewport() && event->type() == QEvent::Resize)
        m_emptyTable->setGeometry(m_table->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void FilterBar::applyText()
{
    QString error;
    if (m_proxy->setFilterExpression(m_edit->text(), &error)) {
        m_error->clear();
        m_error->hide();
        m_edit->setStyleSheet({});
    } else {
        m_error->setText(error);
        m_error->show();
        m_edit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
    }
    updateEmptyTable();
    emit filterChanged();
}

} // namespace pushscope::ui
