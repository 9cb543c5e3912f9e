#include "selectionactions.h"

#include "model/duration.h"
#include "model/grouptablemodel.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSet>
#include <QTableView>
#include <climits>

namespace pushscope::ui {

SelectionActions::SelectionActions(GroupTableModel *model, QTableView *table, QWidget *window)
    : QObject(window)
    , m_model(model)
    , m_table(table)
    , m_window(window)
    , m_selectAll(new QAction(tr("Select all visible"), this))
    , m_selectOlder(new QAction(tr("Select older than…"), this))
    , m_selectJobs(new QAction(tr("Select same jobs"), this))
    , m_menu(new QMenu(tr("Select"), window))
{
    m_selectAll->setShortcut(QKeySequence::SelectAll);
    m_selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_selectAll->setToolTip(tr("Select every row the filter shows (Ctrl+A)"));
    m_selectOlder->setToolTip(tr("Select the visible groups whose last push is older than a "
                                 "duration such as 2h"));
    m_selectJobs->setToolTip(tr("Select every visible group whose job is the job of a "
                                "selected group"));
    connect(m_selectAll, &QAction::triggered, this, &SelectionActions::selectAllVisible);
    connect(m_selectOlder, &QAction::triggered, this, &SelectionActions::askOlderThan);
    connect(m_selectJobs, &QAction::triggered, this, &SelectionActions::selectJobsOfSelection);
    m_menu->addActions({m_selectAll, m_selectOlder, m_selectJobs});

    // Many rows leave the model in one layout change, after which Qt 6.4's selection model
    // says nothing (no selectionChanged), and drops a whole-table selection whose first or
    // last row left. What follows the selection (details, chart, actions) hears it here,
    // and "every row" stays every row.
    connect(model, &GroupTableModel::rowsAboutToGo, this, [this] {
        const QItemSelectionModel *selection = m_table->selectionModel();
        const int rows = m_table->model() ? m_table->model()->rowCount() : 0;
        m_everyRowSelected = selection && rows > 0 && selectedViewRows(selection, 0).count == rows;
    });
    connect(model, &GroupTableModel::rowsGone, this, [this] {
        if (std::exchange(m_everyRowSelected, false) && m_table->model()->rowCount() > 0)
            selectAllVisible();
        if (QItemSelectionModel *selection = m_table->selectionModel())
            emit selection->selectionChanged({}, {});
    });

    m_prompt = [this](const QString &error) -> std::optional<QString> {
        QString label = tr("Select the visible groups whose last push is older than\n"
                           "(a Prometheus duration: 90s, 15m, 2h, 7d, 1h30m):");
        if (!error.isEmpty())
            label = error + QStringLiteral("\n\n") + label;
        bool ok = false;
        const QString text = QInputDialog::getText(m_window, tr("Select older than"), label,
                                                   QLineEdit::Normal, QStringLiteral("1h"), &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    };
}

int SelectionActions::sourceRow(const QModelIndex &viewIndex)
{
    QModelIndex index = viewIndex;
    while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(index.model()))
        index = proxy->mapToSource(index);
    return index.isValid() ? index.row() : -1;
}

QList<int> SelectionActions::selectedSourceRows(const QTableView *table)
{
    QList<int> rows;
    const QAbstractItemModel *view = table->model();
    for (int viewRow : selectedViewRows(table->selectionModel(), INT_MAX).first) {
        const int row = sourceRow(view->index(viewRow, 0));
        if (row >= 0)
            rows.append(row);
    }
    return rows;
}

SelectionActions::SelectedViewRows
SelectionActions::selectedViewRows(const QItemSelectionModel *selection, int limit)
{
    // Ranges may overlap (a row selected twice): merge them, sorted by their first row.
    QList<QPair<int, int>> spans;
    for (const QItemSelectionRange &range : selection->selection())
        if (range.isValid() && !range.parent().isValid())
            spans.append({range.top(), range.bottom()});
    std::sort(spans.begin(), spans.end());
    SelectedViewRows rows;
    int coveredTo = -1; // the last row counted
    for (const auto &[top, bottom] : std::as_const(spans)) {
        const int from = std::max(top, coveredTo + 1);
        if (from > bottom)
            continue;
        rows.count += bottom - from + 1;
        for (int row = from; row <= bottom && rows.first.size() < limit; ++row)
            rows.first.append(row);
        coveredTo = bottom;
    }
    return rows;
}

void SelectionActions::selectAllVisible()
{
    m_table->selectAll();
}

void SelectionActions::askOlderThan()
{
    QString error;
    while (const std::optional<QString> text = m_prompt(error)) {
        if (selectOlderThan(*text, &error))
            return;
    }
}

bool SelectionActions::selectOlderThan(const QString &duration, QString *error)
{
    double seconds = 0;
    QString parseError;
    if (!parseDuration(duration.trimmed(), &seconds, &parseError)) {
        if (error)
            *error = parseError;
        emit message(parseError);
        return false;
    }
    const QAbstractItemModel *view = m_table->model();
    QList<int> rows;
    for (int row = 0; row < view->rowCount(); ++row) {
        const double age = view->index(row, 0).data(GroupTableModel::AgeSecondsRole).toDouble();
        if (age >= 0 && age > seconds)
            rows.append(row);
    }
    selectViewRows(rows);
    emit message(rows.isEmpty()
                     ? tr("No visible group is older than %1.").arg(formatDuration(seconds))
                 : rows.size() == 1
                     ? tr("Selected 1 visible group older than %1.").arg(formatDuration(seconds))
                     : tr("Selected %1 visible groups older than %2.")
                           .arg(rows.size())
                           .arg(formatDuration(seconds)));
    return true;
}

void SelectionActions::selectJobsOfSelection()
{
    QSet<QString> jobs;
    for (int row : selectedSourceRows(m_table))
        jobs.insert(m_model->groupAt(row).key.job());
    if (jobs.isEmpty()) {
        emit message(tr("Select a group first: its job decides which groups are selected."));
        return;
    }
    const QAbstractItemModel *view = m_table->model();
    QList<int> rows;
    for (int row = 0; row < view->rowCount(); ++row) {
        const int source = sourceRow(view->index(row, 0));
        if (source >= 0 && jobs.contains(m_model->groupAt(source).key.job()))
            rows.append(row);
    }
    selectViewRows(rows);
}

void SelectionActions::selectViewRows(const QList<int> &viewRows)
{
    QAbstractItemModel *view = m_table->model();
    const int lastColumn = view->columnCount() - 1;
    QItemSelection selection;
    for (int row : viewRows)
        selection.select(view->index(row, 0), view->index(row, lastColumn));
    QItemSelectionModel *selectionModel = m_table->selectionModel();
    selectionModel->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!viewRows.isEmpty()) {
        selectionModel->setCurrentIndex(view->index(viewRows.first(), 0),
                                        QItemSelectionModel::NoUpdate);
        m_table->scrollTo(view->index(viewRows.first(), 0));
    }
}

} // namespace pushscope::ui
