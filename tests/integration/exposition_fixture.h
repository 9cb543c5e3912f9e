#pragma once

// The groups' data in a real gateway's protobuf /metrics, for tests that compare a
// restored group with what was pushed (tst_unsupporteddelete, tst_newshapes).

#include "gateway/gatewayclient.h"
#include "gateway/protobufreader.h"

#include <QMap>
#include <QTest>
#include <algorithm>
#include <optional>

namespace pushscope::testing {

// Each family's metrics of the group `key` in the gateway's protobuf /metrics: labels
// (sorted) and the rest of each metric's bytes. What a restore must bring back exactly.
// For groups whose metrics carry no labels of their own (the key, and instance="").
using GroupData = QMap<QString, QList<QPair<Labels, QByteArray>>>;
inline GroupData groupData(const QString &url, const GroupingKey &key)
{
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(url, &endpoint, nullptr);
    GatewayClient client(endpoint);
    std::optional<ExpositionResult> fetched;
    client.fetchExposition([&](const ExpositionResult &result) { fetched = result; });
    if (!QTest::qWaitFor([&] { return fetched.has_value(); }, 10000) || !fetched->ok)
        qFatal("no /metrics: %s", qPrintable(fetched ? fetched->error : QStringLiteral("timeout")));
    const ProtoReadResult read = readDelimitedFamilies(fetched->body.joined());
    if (!read.ok)
        qFatal("%s", qPrintable(read.error));
    GroupData data;
    for (const ProtoFamily &family : read.families) {
        if (family.name.startsWith(QStringLiteral("push_"))) // push times change with every push
            continue;
        for (ProtoMetric metric : family.metrics) {
            std::sort(metric.labels.begin(), metric.labels.end());
            Labels keyLabels = metric.labels;
            keyLabels.removeIf([&](const auto &label) {
                return label.first == QStringLiteral("instance") && label.second.isEmpty() &&
                       !key.contains(QStringLiteral("instance"));
            });
            if (GroupingKey(keyLabels) == key)
                data[family.name].append({metric.labels, metric.otherFields});
        }
    }
    return data;
}

} // namespace pushscope::testing
