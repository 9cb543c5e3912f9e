#pragma once

#include "model/advice.h"

#include <QByteArray>
#include <QList>

namespace pushscope {

// One gateway the advise command looked at, and whether it could be read.
struct AdvisedGateway {
    QString gateway;
    bool ok = false;
    QString error;
    int groups = 0;
};

// A summary table (severity, kind, gateway, job, groups), then each finding in full: its
// sentence, its evidence and the grouping keys concerned.
QByteArray adviceTable(const QList<AdvisedGateway> &gateways, const QList<AdviceFinding> &findings);
// {"gateways":[{gateway, ok, error?, groups}], "findings":[{gateway, kind, severity, job,
// sentence, evidence:[...], groups:[{labels}], cleanup_candidate}]}
QByteArray adviceJson(const QList<AdvisedGateway> &gateways, const QList<AdviceFinding> &findings);

} // namespace pushscope
