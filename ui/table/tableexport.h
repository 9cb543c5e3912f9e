#pragma once

#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariant>

class QAction;
class QTableView;
class QWidget;

namespace pushscope::ui {

// The rows a table view shows (through its filter, in view order) and its visible columns (in
// the order shown), as plain values: what File ▸ Export writes.
struct TableRows {
    // Field names: grouping_key, then each visible column's title in snake case (last_push).
    QStringList fields;
    // Per row, per field: a QString, a number, or a null QVariant (a time that never was).
    QList<QVariantList> rows;
};

// Reads the view on the GUI thread. Times (last push, last failure) become ISO 8601 with
// the local zone's offset and milliseconds, 2026-12-02T06:30:00.000+01:00.
TableRows visibleRows(const QTableView *view);
// RFC 4180 CSV, UTF-8, CRLF; the first line names the fields. Fields quoted as the CLI's.
QByteArray rowsToCsv(const TableRows &table);
// A JSON array of one object per row, fields in the order above, laid out as `pushscope
// list --format json` is (the CLI's writer).
QByteArray rowsToJson(const TableRows &table);

// File ▸ Export visible rows as CSV… / JSON…: formatted and written off the GUI thread, to
// a temporary file renamed over the target only when complete (QSaveFile).
class TableExport : public QObject
{
    Q_OBJECT

public:
    enum class Format { Csv, Json };

    TableExport(QTableView *table, QWidget *window);

    QAction *exportCsvAction() const { return m_exportCsv; }
    QAction *exportJsonAction() const { return m_exportJson; }
    // Exports what the table shows now to `path`; finished() tells how it went.
    void exportTo(const QString &path, Format format);

signals:
    void finished(bool ok, const QString &message);

private:
    void askAndExport(Format format);

    QTableView *m_table;
    QWidget *m_window;
    QAction *m_exportCsv;
    QAction *m_exportJson;
};

} // namespace pushscope::ui
