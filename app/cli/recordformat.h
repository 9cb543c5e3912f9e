#pragma once

#include "groupselection.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace pushscope {

enum class OutputFormat { Table, Json, Csv };
bool parseOutputFormat(const QString &text, OutputFormat *format);

// The JSON element of `pushscope list`: gateway, labels, push_time, push_failure_time,
// push_age_seconds, last_push_successful, outcome, families (a count), family_details and
// unsupported_families (see familyjson.h). The CSV adds an unsupported_families count.
QByteArray recordsToJson(const QList<GroupRecord> &records);
QByteArray recordsToCsv(const QList<GroupRecord> &records);
QByteArray recordsToTable(const QList<GroupRecord> &records);

// Lays out rows as aligned columns under a header; used by every table output.
QByteArray formatTextTable(const QStringList &header, const QList<QStringList> &rows);

} // namespace pushscope
