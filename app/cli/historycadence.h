#pragma once

#include "cli/groupselection.h"
#include "model/cadence.h"

#include <QHash>
#include <QUrl>
#include <chrono>

namespace pushscope {

// The cadence of each group of a gateway reading, learned from the history of a Prometheus
// that scrapes the gateway: what the headless commands use in place of the window's polls.
struct HistoryCadences {
    bool ok = false;
    QString note;                         // the summary, or why nothing was learned
    QHash<QString, CadenceEstimate> byId; // GroupingKey::id() -> cadence
};

// Checks that `prometheus` scrapes the reading's gateway, then reads its push history
// (bounded: a few requests of `timeout` each). The last push each record shows counts too.
HistoryCadences historyCadences(const QUrl &prometheus, const GatewayReading &reading,
                                std::chrono::milliseconds timeout);

} // namespace pushscope
