#pragma once

#include "groupselection.h"
#include "jsonwriter.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace pushscope {

enum class OutputFormat { Table, Json, Csv };
bool parseOutputFormat(const QString &text, OutputFormat *format);

// Writes `records` as `pushscope list` prints them into `sink`, straight into UTF-8 and
// draining the sink as it goes; finishes it. JSON: see recordjson.h. CSV: gateway, job,
// labels, outcome, push_age_seconds, push_time, push_failure_time, last_push_successful,
// families and an unsupported_families count, RFC 4180 quoting, CRLF. Table: GATEWAY, JOB,
// LABELS, OUTCOME, AGE, LAST PUSH, FAMILIES ("4 (+1 not read)").
void writeRecords(OutputFormat format, const QList<GroupRecord> &records, ByteSink *sink);

// The same, collected into one byte array.
QByteArray recordsToJson(const QList<GroupRecord> &records);
QByteArray recordsToCsv(const QList<GroupRecord> &records);
QByteArray recordsToTable(const QList<GroupRecord> &records);

// One CSV field as every CSV output writes it: quoted (with "" for ") when it holds a comma,
// a quote or a line break; UTF-8.
void appendCsvField(QByteArray *out, QStringView text);

// Lays out rows as aligned columns under a header; used by every table output (TextTable).
QByteArray formatTextTable(const QStringList &header, const QList<QStringList> &rows);

} // namespace pushscope
