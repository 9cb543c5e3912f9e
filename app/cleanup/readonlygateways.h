#pragma once

#include "gateway/gatewayendpoint.h"

#include <QStringList>

namespace pushscope {

// Gateways marked read-only in the settings (key readOnlyGateways: a list of URLs), which
// the dashboard and the headless commands alike never delete from or restore to. Until
// saved connections exist, this is where an operator protects a production gateway.
QStringList readOnlyGatewayUrls();
bool isReadOnlyGateway(const GatewayEndpoint &endpoint);
QString readOnlySettingHint(); // "the readOnlyGateways setting in <file>"

} // namespace pushscope
