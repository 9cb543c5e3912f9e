#pragma once

// The gateway's JSON API lists a gauge histogram as a bare value of 0, so the snapshot
// parser keeps it as an unsupported family. These read it from the gateway's own /metrics
// (protobuf) instead, only for groups pushed since they were last looked up.

#include "snapshot.h"
#include "unsupportedbackup.h"

namespace pushscope {

// Whether some group holds a gauge histogram that was not looked up in /metrics yet.
bool hasUnreadGaugeHistograms(const Snapshot &snapshot);

// Reads each such family from the exposition: exactly this group's metrics, matched by the
// labels the JSON listed. A family read moves to Group::families (a histogram with
// gaugeHistogram and readFromExposition set); one that cannot be read stays unsupported with
// the reason as its note and expositionTried set. Returns how many families were read.
int readGaugeHistograms(Snapshot *snapshot, const GatewayExposition &exposition);

} // namespace pushscope
