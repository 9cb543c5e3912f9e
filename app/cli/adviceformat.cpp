#include "adviceformat.h"

#include "recordformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pushscope {

namespace {

QJsonObject labelsObject(const GroupingKey &key)
{
    QJsonObject object;
    for (const auto &pair : key.labels())
        object.insert(pair.first, pair.second);
    return object;
}

} // namespace

QByteArray adviceTable(const QList<AdvisedGateway> &gateways, const QList<AdviceFinding> &findings)
{
    QByteArray out;
    if (findings.isEmpty()) {
        int read = 0;
        for (const AdvisedGateway &gateway : gateways)
            read += gateway.ok ? 1 : 0;
        out += QStringLiteral("No findings on %1 gateway(s).\n").arg(read).toUtf8();
        return out;
    }
    QList<QStringList> rows;
    for (const AdviceFinding &finding : findings)
        rows.append(
            {Advice::severityName(finding.severity), Advice::kindName(finding.kind),
             finding.gateway, finding.job.isEmpty() ? QStringLiteral("-") : finding.job,
             finding.keys.isEmpty() ? QStringLiteral("-") : QString::number(finding.keys.size())});
    out += formatTextTable({QStringLiteral("SEVERITY"), QStringLiteral("KIND"),
                            QStringLiteral("GATEWAY"), QStringLiteral("JOB"),
                            QStringLiteral("GROUPS")},
                           rows);
    for (const AdviceFinding &finding : findings) {
        QString text = QStringLiteral("\n[%1] %2 on %3\n")
                           .arg(Advice::severityName(finding.severity),
                                Advice::kindName(finding.kind), finding.gateway);
        text += QStringLiteral("  %1\n").arg(finding.sentence);
        for (const QString &line : finding.evidence)
            text += QStringLiteral("  - %1\n").arg(line);
        if (!finding.keys.isEmpty()) {
            text += QStringLiteral("  groups:\n");
            for (const GroupingKey &key : finding.keys)
                text += QStringLiteral("    %1\n").arg(key.toString());
        }
        out += text.toUtf8();
    }
    return out;
}

QByteArray adviceJson(const QList<AdvisedGateway> &gateways, const QList<AdviceFinding> &findings)
{
    QJsonArray gatewayArray;
    for (const AdvisedGateway &gateway : gateways) {
        QJsonObject object{{QStringLiteral("gateway"), gateway.gateway},
                           {QStringLiteral("ok"), gateway.ok},
                           {QStringLiteral("groups"), gateway.groups}};
        if (!gateway.ok)
            object.insert(QStringLiteral("error"), gateway.error);
        gatewayArray.append(object);
    }
    QJsonArray findingArray;
    for (const AdviceFinding &finding : findings) {
        QJsonArray keys;
        for (const GroupingKey &key : finding.keys)
            keys.append(QJsonObject{{QStringLiteral("labels"), labelsObject(key)}});
        findingArray.append(
            QJsonObject{{QStringLiteral("gateway"), finding.gateway},
                        {QStringLiteral("kind"), Advice::kindName(finding.kind)},
                        {QStringLiteral("severity"), Advice::severityName(finding.severity)},
                        {QStringLiteral("job"), finding.job},
                        {QStringLiteral("sentence"), finding.sentence},
                        {QStringLiteral("evidence"), QJsonArray::fromStringList(finding.evidence)},
                        {QStringLiteral("groups"), keys},
                        {QStringLiteral("cleanup_candidate"), finding.isCleanupCandidate()}});
    }
    const QJsonObject root{{QStringLiteral("gateways"), gatewayArray},
                           {QStringLiteral("findings"), findingArray}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace pushscope
