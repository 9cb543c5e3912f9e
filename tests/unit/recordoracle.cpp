#include "recordoracle.h"

#include "familyjson.h"
#include "model/duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pushscope::testing::oracle {

namespace {

QJsonObject labelsObject(const GroupingKey &key)
{
    QJsonObject labels;
    for (const auto &label : key.labels())
        labels.insert(label.first, label.second);
    return labels;
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// "4", or "4 (+1 not read)" when some families could not be read.
QString familiesText(const Group &group)
{
    const QString count = QString::number(group.families.size());
    if (group.unsupportedFamilies.isEmpty())
        return count;
    return QStringLiteral("%1 (+%2 not read)").arg(count).arg(group.unsupportedFamilies.size());
}

} // namespace

QByteArray recordsToJson(const QList<GroupRecord> &records)
{
    QJsonArray array;
    for (const GroupRecord &record : records) {
        QJsonObject object;
        object.insert(QStringLiteral("gateway"), record.gateway);
        object.insert(QStringLiteral("labels"), labelsObject(record.group.key));
        object.insert(QStringLiteral("push_time"), record.group.pushTime);
        object.insert(QStringLiteral("push_failure_time"), record.group.pushFailureTime);
        object.insert(QStringLiteral("push_age_seconds"), record.pushAgeSeconds);
        object.insert(QStringLiteral("last_push_successful"), record.group.lastPushSuccessful);
        object.insert(QStringLiteral("outcome"), outcomeName(record.verdict.outcome));
        object.insert(QStringLiteral("families"), int(record.group.families.size()));
        object.insert(QStringLiteral("family_details"), familiesToJson(record.group));
        object.insert(QStringLiteral("unsupported_families"),
                      unsupportedFamiliesToJson(record.group));
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray recordsToCsv(const QList<GroupRecord> &records)
{
    QString out = QStringLiteral("gateway,job,labels,outcome,push_age_seconds,push_time,"
                                 "push_failure_time,last_push_successful,families,"
                                 "unsupported_families\r\n");
    for (const GroupRecord &record : records) {
        const Group &g = record.group;
        const QStringList fields = {
            record.gateway,
            g.key.job(),
            g.key.otherLabelsText(),
            outcomeName(record.verdict.outcome),
            QString::number(record.pushAgeSeconds, 'f', 3),
            QString::number(g.pushTime, 'f', 3),
            QString::number(g.pushFailureTime, 'f', 3),
            g.lastPushSuccessful ? QStringLiteral("true") : QStringLiteral("false"),
            QString::number(g.families.size()),
            QString::number(g.unsupportedFamilies.size()),
        };
        QStringList quoted;
        for (const QString &field : fields)
            quoted.append(csvField(field));
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray recordsToTable(const QList<GroupRecord> &records)
{
    QList<QStringList> rows;
    for (const GroupRecord &record : records) {
        const Group &g = record.group;
        rows.append({record.gateway, g.key.job(), g.key.otherLabelsText(),
                     outcomeName(record.verdict.outcome), formatAge(record.pushAgeSeconds),
                     formatUnixTime(g.pushTime), familiesText(g)});
    }
    return formatTextTable({QStringLiteral("GATEWAY"), QStringLiteral("JOB"),
                            QStringLiteral("LABELS"), QStringLiteral("OUTCOME"),
                            QStringLiteral("AGE"), QStringLiteral("LAST PUSH"),
                            QStringLiteral("FAMILIES")},
                           rows);
}

QByteArray formatTextTable(const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths(header.size());
    for (qsizetype c = 0; c < header.size(); ++c)
        widths[c] = header.at(c).size();
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    auto line = [&](const QStringList &cells) {
        QString text;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            const bool last = c + 1 == cells.size();
            text += last ? cells.at(c) : cells.at(c).leftJustified(widths.at(c) + 2);
        }
        return text + QLatin1Char('\n');
    };
    QString out = line(header);
    for (const QStringList &row : rows)
        out += line(row);
    return out.toUtf8();
}

} // namespace pushscope::testing::oracle
