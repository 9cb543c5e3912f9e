#include "readonlygateways.h"

#include <QSettings>

namespace pushscope {

namespace {

const QString kKey = QStringLiteral("readOnlyGateways");

} // namespace

QStringList readOnlyGatewayUrls()
{
    return QSettings().value(kKey).toStringList();
}

bool isReadOnlyGateway(const GatewayEndpoint &endpoint)
{
    for (const QString &url : readOnlyGatewayUrls()) {
        GatewayEndpoint marked;
        // Compared as parsed URLs, so "host:9091" and "http://host:9091/" are one gateway.
        if (GatewayEndpoint::parse(url, &marked, nullptr) && marked.baseUrl() == endpoint.baseUrl())
            return true;
    }
    return false;
}

QString readOnlySettingHint()
{
    return QStringLiteral("the %1 setting in %2").arg(kKey, QSettings().fileName());
}

} // namespace pushscope
