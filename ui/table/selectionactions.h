#pragma once

#include <QObject>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QModelIndex;
class QItemSelectionModel;
class QTableView;
class QWidget;

namespace pushscope {
class GroupTableModel;
}

namespace pushscope::ui {

// Ways to select many rows of the group table at once: every visible row (after the
// filter), the visible rows older than a duration the operator enters, and the visible rows
// sharing a job with the current selection.
class SelectionActions : public QObject
{
    Q_OBJECT

public:
    // Asks for a Prometheus duration; `error` says what was wrong with the last answer.
    // Returns nothing when the operator cancels.
    using DurationPrompt = std::function<std::optional<QString>(const QString &error)>;

    SelectionActions(GroupTableModel *model, QTableView *table, QWidget *window);

    QAction *selectAllAction() const { return m_selectAll; }
    QAction *selectOlderAction() const { return m_selectOlder; }
    QAction *selectJobsAction() const { return m_selectJobs; }
    QMenu *menu() const { return m_menu; }
    void setDurationPrompt(DurationPrompt prompt) { m_prompt = std::move(prompt); }

    void selectAllVisible();
    // Selects the visible rows whose push age is above `duration` (e.g. "2h").
    bool selectOlderThan(const QString &duration, QString *error = nullptr);
    void selectJobsOfSelection();

    // Row in the GroupTableModel behind a view index, through any proxies.
    static int sourceRow(const QModelIndex &viewIndex);
    // Source rows of the table's selected rows, in view order.
    static QList<int> selectedSourceRows(const QTableView *table);
    // How many rows are selected and the first `limit` of them (view rows, in view order),
    // from the selection's ranges: cost grows with the ranges, not the rows, where
    // selectedRows() takes ~50 ms for 50,000 selected rows and seconds for scattered ones.
    struct SelectedViewRows {
        int count = 0;
        QList<int> first;
    };
    static SelectedViewRows selectedViewRows(const QItemSelectionModel *selection, int limit);

signals:
    void message(const QString &text);

private:
    void askOlderThan();
    void selectViewRows(const QList<int> &viewRows);

    GroupTableModel *m_model;
    QTableView *m_table;
    QWidget *m_window;
    DurationPrompt m_prompt;
    QAction *m_selectAll;
    QAction *m_selectOlder;
    QAction *m_selectJobs;
    QMenu *m_menu;
    bool m_everyRowSelected = false; // before rows go
};

} // namespace pushscope::ui
