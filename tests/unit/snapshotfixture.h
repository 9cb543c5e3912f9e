#pragma once

// Shared by the unit tests of newer shapes: one group "nat" (key job="nat", the gateway's
// instance="") around the given family members, parsed as from a gateway's reply.

#include "gateway/snapshotparser.h"

#include <QByteArray>
#include <QList>

namespace pushscope::testing {

inline QByteArray groupJson(const QByteArray &job, const QByteArray &families)
{
    const QByteArray labels = R"({"instance":"","job":")" + job + R"("})";
    return R"({"labels":{"job":")" + job +
           R"("},"last_push_successful":true,"push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" +
           labels +
           R"(,"value":"1.79e+09"}]},"push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" +
           labels + R"(,"value":"0"}]},)" + families + "}";
}

inline QByteArray replyJson(const QList<QByteArray> &groups)
{
    QByteArray data;
    for (const QByteArray &group : groups)
        data += (data.isEmpty() ? "" : ",") + group;
    return R"({"status":"success","data":[)" + data + "]}";
}

inline Group parsedGroup(const QByteArray &families)
{
    const SnapshotParseResult result = parseSnapshot(replyJson({groupJson("nat", families)}));
    if (!result.ok || result.snapshot.groups.size() != 1)
        qFatal("%s", qPrintable(result.error));
    return result.snapshot.groups.first();
}

} // namespace pushscope::testing
