#pragma once

#include "gateway/gatewayendpoint.h"
#include "gateway/snapshot.h"
#include "model/labelmatcher.h"
#include "model/naturalsort.h"
#include "model/outcome.h"
#include "net/httpconfig.h"

#include <QList>
#include <QString>
#include <chrono>
#include <optional>

namespace pushscope {

// One group as a headless command sees it: where it lives, how old it is, what it means.
struct GroupRecord {
    int gatewayIndex = 0;
    QString gateway; // the URL as given
    Group group;
    double pushAgeSeconds = 0;
    Verdict verdict;
};

struct GatewayReading {
    GatewayEndpoint endpoint;
    HttpConfig http; // how it was reached: deletes go the same way
    bool ok = false;
    QString error;
    QList<GroupRecord> records;
    // Why its Date header is not believed ("its clock is 30 days ahead of this computer
    // (...)"), empty while it is; ages then use this computer's clock unless the gateway's
    // clock was trusted anyway.
    QString clockWarning;
    bool clockTrusted = true; // ages use the gateway's clock
};

// Puts records in listing order: by gateway (in the order given), then by the grouping key's
// text (GroupingKey::toString()) in natural order (naturalCompare()). Each key's text is
// computed once, not on every comparison.
void sortForListing(QList<GroupRecord> *records);

// What a command prints on standard error about `reading`'s clock; empty while it is fine.
QString clockNotice(const QString &command, const GatewayReading &reading);

// Which groups a command acts on; every condition must hold.
struct GroupFilter {
    LabelMatchers matchers;
    std::optional<double> olderThanSeconds;
    std::optional<Outcome> outcome;
    double staleAfterSeconds = 3600;
    bool accepts(const GroupRecord &record) const;
};

// Reads every gateway once, concurrently, and waits for all (headless use only: it runs a
// local event loop). `http` (authentication, TLS) applies to every gateway.
QList<GatewayReading> readGateways(const QList<GatewayEndpoint> &endpoints,
                                   std::chrono::milliseconds timeout, double staleAfterSeconds,
                                   const HttpConfig &http = {});
// The same with each gateway's own `http` (same order as `endpoints`). With
// `trustGatewayClock` a gateway's Date header is used for ages however far off it is.
QList<GatewayReading> readGateways(const QList<GatewayEndpoint> &endpoints,
                                   std::chrono::milliseconds timeout, double staleAfterSeconds,
                                   const QList<HttpConfig> &httpPerGateway,
                                   bool trustGatewayClock = false);

} // namespace pushscope
