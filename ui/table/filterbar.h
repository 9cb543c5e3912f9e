#pragma once

#include "model/outcome.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace pushscope {
class GroupFilterProxy;
}

namespace pushscope::ui {

// Above the group table: the filter box (words or PromQL-style matchers), the outcome picker
// and, right under the box, why a filter that does not parse shows no rows. Esc in the box
// clears it; focusAction() (Ctrl+F) puts the cursor in it. The table it filters says the same
// in its empty viewport, so that an empty table is never mistaken for "no such group".
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(GroupFilterProxy *proxy, QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    QLabel *errorLabel() const { return m_error; }
    // "Outcome: all" or the outcomes shown; its menu checks several at once.
    QToolButton *outcomeButton() const { return m_outcomeButton; }
    QAction *allOutcomesAction() const { return m_allOutcomes; }
    QAction *outcomeAction(Outcome outcome) const;
    void setOutcomes(const QList<Outcome> &outcomes);
    QAction *focusAction() const { return m_focus; }
    QLabel *emptyTableLabel() const { return m_emptyTable; }
    void setText(const QString &text);
    // The table whose empty viewport explains a broken filter.
    void setTable(QTableView *table);

signals:
    // The rows the proxy lets through may have changed.
    void filterChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyText();
    void applyOutcomes();
    void updateEmptyTable();

    GroupFilterProxy *m_proxy;
    QLineEdit *m_edit;
    QLabel *m_error;
    QToolButton *m_outcomeButton;
    QAction *m_allOutcomes;
    QList<QAction *> m_outcomeActions; // by Outcome
    QAction *m_focus;
    QTableView *m_table = nullptr;
    QLabel *m_emptyTable = nullptr;
};

} // namespace pushscope::ui
