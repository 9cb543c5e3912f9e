#pragma once

// The list output as PushScope wrote it before the direct writers (a QJsonDocument DOM, then
// QString, then UTF-8), kept for tst_recordwriter only: the new writers must give the same.
// family_details and unsupported_families come from the core's familyjson.cpp, so a change
// there that the direct writer (recordjson.cpp) does not follow fails that test.

#include "cli/groupselection.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace pushscope::testing::oracle {

QByteArray recordsToJson(const QList<GroupRecord> &records);
QByteArray recordsToCsv(const QList<GroupRecord> &records);
QByteArray recordsToTable(const QList<GroupRecord> &records);
QByteArray formatTextTable(const QStringList &header, const QList<QStringList> &rows);

} // namespace pushscope::testing::oracle
