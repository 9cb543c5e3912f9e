#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QAction;
class QTableView;
class QWidget;

namespace pushscope {
class GroupTableModel;
}

namespace pushscope::ui {

// File ▸ Export alert rules…: a Prometheus rule file (model/alertrules.h) for the selected
// groups, or every visible one when none is selected, with the cadences the model learned.
class RulesExport : public QObject
{
    Q_OBJECT

public:
    // Asks where to save; empty when the operator cancels.
    using PathPrompt = std::function<QString()>;

    RulesExport(GroupTableModel *model, QTableView *table, QWidget *window);

    QAction *action() const { return m_action; }
    void setPathPrompt(PathPrompt prompt) { m_prompt = std::move(prompt); }

    // The rule file for the selected rows (all visible rows when none is selected).
    QString rulesText() const;
    // Writes rulesText() whole (QSaveFile); false with the reason.
    bool save(const QString &path, QString *error) const;

signals:
    void message(const QString &text);

private:
    void exportRules();
    QList<int> sourceRows() const;

    GroupTableModel *m_model;
    QTableView *m_table;
    QWidget *m_window;
    PathPrompt m_prompt;
    QAction *m_action;
};

} // namespace pushscope::ui
