#include "rulesexport.h"

#include "model/alertrules.h"
#include "model/duration.h"
#include "model/grouptablemodel.h"
#include "selectionactions.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QSet>
#include <QTableView>

namespace pushscope::ui {

RulesExport::RulesExport(GroupTableModel *model, QTableView *table, QWidget *window)
    : QObject(window)
    , m_model(model)
    , m_table(table)
    , m_window(window)
    , m_action(new QAction(tr("Export alert rules…"), this))
{
    m_action->setToolTip(tr("Save Prometheus alerting rules (late and failed) for the jobs of "
                            "the selected groups, or of every visible group, with the cadences "
                            "learned so far"));
    connect(m_action, &QAction::triggered, this, &RulesExport::exportRules);
    m_prompt = [this] {
        return QFileDialog::getSaveFileName(m_window, tr("Export alert rules"),
                                            QStringLiteral("pushscope-rules.yml"),
                                            tr("Prometheus rule files (*.yml *.yaml)"));
    };
}

QList<int> RulesExport::sourceRows() const
{
    QList<int> rows = SelectionActions::selectedSourceRows(m_table);
    if (!rows.isEmpty())
        return rows;
    const QAbstractItemModel *view = m_table->model();
    for (int row = 0; row < view->rowCount(); ++row)
        rows.append(SelectionActions::sourceRow(view->index(row, 0)));
    return rows;
}

QString RulesExport::rulesText() const
{
    QList<AlertRuleSource> sources;
    int learned = 0;
    QSet<QString> jobs;
    for (const int row : sourceRows()) {
        if (row < 0 || row >= m_model->rowCount())
            continue;
        sources.append({m_model->groupAt(row), m_model->cadenceAt(row)});
        jobs.insert(m_model->groupAt(row).key.job());
        if (m_model->cadenceAt(row).kind == CadenceEstimate::Kind::Regular)
            ++learned;
    }
    AlertRuleOptions options;
    options.staleAfterSeconds = m_model->staleAfter() > 0 ? m_model->staleAfter() : 3600;
    options.lateFactor = m_model->lateFactor();
    options.headerComments = {
        QStringLiteral("Prometheus alerting rules exported by the PushScope window at %1")
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
        QStringLiteral("from %1 group(s) of %2 job(s), %3 of them with a learned regular cadence;")
            .arg(sources.size())
            .arg(jobs.size())
            .arg(learned),
        QStringLiteral("a job without one is late after the stale threshold (%1).")
            .arg(formatDuration(options.staleAfterSeconds))};
    return AlertRules::yaml(sources, options);
}

bool RulesExport::save(const QString &path, QString *error) const
{
    const QByteArray bytes = rulesText().toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void RulesExport::exportRules()
{
    const QString path = m_prompt();
    if (path.isEmpty())
        return;
    QString error;
    if (save(path, &error)) {
        emit message(tr("Alert rules saved to %1.").arg(path));
        return;
    }
    QMessageBox::warning(m_window, tr("Export alert rules"),
                         tr("Could not write %1: %2").arg(path, error));
}

} // namespace pushscope::ui
