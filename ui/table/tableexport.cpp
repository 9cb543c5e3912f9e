#include "tableexport.h"

#include "cli/jsonwriter.h"
#include "cli/recordformat.h"
#include "model/grouptablemodel.h"
#include "net/offthread.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QHeaderView>
#include <QSaveFile>
#include <QTableView>
#include <cmath>

namespace pushscope::ui {

namespace {

QString fieldName(const QString &title)
{
    QString name = title.trimmed().toLower();
    name.replace(QLatin1Char(' '), QLatin1Char('_'));
    return name;
}

QVariant isoTime(double seconds)
{
    if (!(seconds > 0))
        return {};
    QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(std::llround(seconds * 1000)));
    time = time.toOffsetFromUtc(time.offsetFromUtc());
    return time.toString(Qt::ISODateWithMs);
}

bool isNumber(const QVariant &value)
{
    const int type = value.metaType().id();
    return type == QMetaType::Int || type == QMetaType::LongLong || type == QMetaType::Double;
}

struct Written {
    bool ok = false;
    QString message;
};

Written writeAtomically(const QString &path, const QByteArray &bytes, int rows)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return {false, QObject::tr("Could not write %1: %2").arg(path, file.errorString())};
    return {true, QObject::tr("Exported %n row(s) to %1", nullptr, rows).arg(path)};
}

} // namespace

TableRows visibleRows(const QTableView *view)
{
    const QAbstractItemModel *model = view->model();
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    TableRows table;
    table.fields.append(QStringLiteral("grouping_key"));
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        if (view->isColumnHidden(column))
            continue;
        columns.append(column);
        table.fields.append(fieldName(model->headerData(column, Qt::Horizontal).toString()));
    }
    table.rows.reserve(model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row) {
        QVariantList values;
        values.reserve(columns.size() + 1);
        values.append(model->index(row, 0).data(GroupTableModel::GroupingKeyRole).toString());
        for (int column : std::as_const(columns)) {
            const QModelIndex index = model->index(row, column);
            if (column == GroupTableModel::LastPushColumn ||
                column == GroupTableModel::LastFailureColumn)
                values.append(isoTime(index.data(GroupTableModel::SortRole).toDouble()));
            else if (const QVariant value = index.data(); isNumber(value))
                values.append(value);
            else
                values.append(value.toString());
        }
        table.rows.append(values);
    }
    return table;
}

QByteArray rowsToCsv(const TableRows &table)
{
    QByteArray out;
    auto appendLine = [&out](const QStringList &fields) {
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendCsvField(&out, fields.at(i));
        }
        out.append("\r\n");
    };
    appendLine(table.fields);
    for (const QVariantList &row : table.rows) {
        QStringList fields;
        for (const QVariant &value : row)
            fields.append(value.toString()); // null: empty
        appendLine(fields);
    }
    return out;
}

QByteArray rowsToJson(const TableRows &table)
{
    ByteSink sink;
    {
        JsonWriter json(&sink);
        json.beginArray();
        for (const QVariantList &row : table.rows) {
            json.beginObject();
            for (qsizetype i = 0; i < row.size() && i < table.fields.size(); ++i) {
                json.key(table.fields.at(i));
                const QVariant &value = row.at(i);
                if (value.isNull())
                    json.raw("null");
                else if (isNumber(value))
                    json.number(value.toDouble());
                else
                    json.string(value.toString());
            }
            json.endObject();
        }
        json.endArray();
    }
    sink.buffer().append('\n');
    return sink.buffer();
}

TableExport::TableExport(QTableView *table, QWidget *window)
    : QObject(window)
    , m_table(table)
    , m_window(window)
    , m_exportCsv(new QAction(tr("Export visible rows as &CSV…"), this))
    , m_exportJson(new QAction(tr("Export visible rows as &JSON…"), this))
{
    m_exportCsv->setToolTip(tr("Write the rows the filter shows, in the table's order and with "
                               "its visible columns, to a CSV file"));
    m_exportJson->setToolTip(tr("Write the rows the filter shows, in the table's order and "
                                "with its visible columns, to a JSON file"));
    connect(m_exportCsv, &QAction::triggered, this, [this] { askAndExport(Format::Csv); });
    connect(m_exportJson, &QAction::triggered, this, [this] { askAndExport(Format::Json); });
}

void TableExport::askAndExport(Format format)
{
    const bool csv = format == Format::Csv;
    const QString path = QFileDialog::getSaveFileName(
        m_window, csv ? tr("Export as CSV") : tr("Export as JSON"),
        csv ? QStringLiteral("groups.csv") : QStringLiteral("groups.json"),
        csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (!path.isEmpty())
        exportTo(path, format);
}

void TableExport::exportTo(const QString &path, Format format)
{
    TableRows rows = visibleRows(m_table);
    runOffThread(
        this,
        [rows = std::move(rows), path, format] {
            const QByteArray bytes = format == Format::Csv ? rowsToCsv(rows) : rowsToJson(rows);
            return writeAtomically(path, bytes, int(rows.rows.size()));
        },
        [this](const Written &written) { emit finished(written.ok, written.message); });
}

} // namespace pushscope::ui
