#include "promreply.h"

#include "promql.h"

#include "model/duration.h"
#include "net/servertext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <limits>

namespace pushscope {

namespace {

QString withStop(QString sentence)
{
    if (!sentence.isEmpty() && !sentence.endsWith(QLatin1Char('.')) &&
        !sentence.endsWith(QLatin1Char('?')))
        sentence += QLatin1Char('.');
    return sentence;
}

bool fail(PrometheusReply *reply, const QString &sentence)
{
    reply->ok = false;
    reply->error = clipMessage(sentence); // may quote the server's "error"
    return false;
}

// For sentences whose server-chosen parts were clipped already: our own words stay whole.
bool failWithClippedDetail(PrometheusReply *reply, const QString &sentence)
{
    reply->ok = false;
    reply->error = sentence;
    return false;
}

Labels labelsOf(const QJsonObject &object, QString *name)
{
    Labels labels;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (name && it.key() == u"__name__")
            *name = it.value().toString();
        else
            labels.append({it.key(), it.value().toString()});
    }
    std::sort(labels.begin(), labels.end());
    return labels;
}

// One [<unix time>, "<value>"] pair.
bool parsePoint(const QJsonValue &value, QPair<double, double> *point)
{
    const QJsonArray pair = value.toArray();
    if (pair.size() != 2 || !pair.at(0).isDouble() || !pair.at(1).isString())
        return false;
    bool ok = false;
    *point = {pair.at(0).toDouble(), parseSampleValue(pair.at(1).toString(), &ok)};
    return ok;
}

bool parseSeriesList(const QJsonArray &list, bool matrix, QueryResult *result)
{
    result->series.reserve(list.size());
    for (const QJsonValue &entry : list) {
        const QJsonObject object = entry.toObject();
        TimeSeries series;
        series.labels = labelsOf(object.value(QStringLiteral("metric")).toObject(), &series.name);
        if (matrix) {
            const QJsonArray values = object.value(QStringLiteral("values")).toArray();
            series.points.reserve(values.size());
            for (const QJsonValue &value : values) {
                QPair<double, double> point;
                if (!parsePoint(value, &point))
                    return fail(result, QStringLiteral("A sample in the Prometheus reply is "
                                                       "not a [time, \"value\"] pair."));
                series.points.append(point);
            }
        } else {
            QPair<double, double> point;
            if (!parsePoint(object.value(QStringLiteral("value")), &point))
                return fail(result, QStringLiteral("A sample in the Prometheus reply is not a "
                                                   "[time, \"value\"] pair."));
            series.points.append(point);
        }
        result->series.append(std::move(series));
    }
    return true;
}

} // namespace

QString ScrapeTarget::label(const QString &name) const
{
    for (const auto &pair : labels) {
        if (pair.first == name)
            return pair.second;
    }
    return {};
}

double parseSampleValue(const QString &text, bool *ok)
{
    if (ok)
        *ok = true;
    if (text == u"NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == u"+Inf" || text == u"Inf")
        return std::numeric_limits<double>::infinity();
    if (text == u"-Inf")
        return -std::numeric_limits<double>::infinity();
    return text.toDouble(ok);
}

bool parseEnvelope(const QByteArray &body, const QString &httpError, const QString &what,
                   PrometheusReply *reply, QJsonValue *data)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject object = document.object();
    const QString status = object.value(QStringLiteral("status")).toString();
    for (const QJsonValue &warning : object.value(QStringLiteral("warnings")).toArray())
        reply->warnings.append(clipServerText(warning.toString()));
    if (status == u"error") {
        reply->errorType = clipServerText(object.value(QStringLiteral("errorType")).toString());
        const QString message = clipServerText(object.value(QStringLiteral("error")).toString());
        QString detail = reply->errorType;
        if (!message.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral(": ")) + message;
        if (const QString sentence = explainQuotedNameRejection(message); !sentence.isEmpty())
            return failWithClippedDetail(reply, sentence);
        return failWithClippedDetail(
            reply, withStop(QStringLiteral("Prometheus rejected %1: %2")
                                .arg(what, detail.isEmpty() ? QStringLiteral("no reason given")
                                                            : detail)));
    }
    if (!httpError.isEmpty())
        return fail(reply, httpError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return fail(reply, QStringLiteral("The reply to %1 is not JSON from the Prometheus HTTP "
                                          "API: is the URL a Prometheus server?")
                               .arg(what));
    if (status != u"success" || !object.contains(QStringLiteral("data")))
        return fail(reply, QStringLiteral("The reply to %1 is not a Prometheus API answer "
                                          "(no \"status\": \"success\" with \"data\").")
                               .arg(what));
    *data = object.value(QStringLiteral("data"));
    reply->ok = true;
    return true;
}

bool parseQueryData(const QJsonValue &data, QueryResult *result)
{
    const QJsonObject object = data.toObject();
    const QString type = object.value(QStringLiteral("resultType")).toString();
    const QJsonValue value = object.value(QStringLiteral("result"));
    if (type == u"matrix" || type == u"vector") {
        result->type = type == u"matrix" ? QueryResult::Type::Matrix : QueryResult::Type::Vector;
        if (!value.isArray())
            return fail(result, QStringLiteral("The Prometheus reply has no result list."));
        return parseSeriesList(value.toArray(), type == u"matrix", result);
    }
    if (type == u"scalar") {
        result->type = QueryResult::Type::Scalar;
        QPair<double, double> point;
        if (!parsePoint(value, &point))
            return fail(result, QStringLiteral("The scalar in the Prometheus reply is not a "
                                               "[time, \"value\"] pair."));
        result->series.append(TimeSeries{QString(), Labels(), {point}});
        return true;
    }
    if (type == u"string") {
        result->type = QueryResult::Type::String;
        result->stringValue = value.toArray().at(1).toString();
        return true;
    }
    return fail(
        result,
        QStringLiteral("The Prometheus reply has an unknown result type \"%1\".").arg(type));
}

bool parseTargetsData(const QJsonValue &data, TargetsResult *result)
{
    const QJsonValue active = data.toObject().value(QStringLiteral("activeTargets"));
    if (!active.isArray())
        return fail(result, QStringLiteral("The Prometheus targets reply has no activeTargets."));
    for (const QJsonValue &entry : active.toArray()) {
        const QJsonObject object = entry.toObject();
        ScrapeTarget target;
        target.labels = labelsOf(object.value(QStringLiteral("labels")).toObject(), nullptr);
        target.scrapePool = object.value(QStringLiteral("scrapePool")).toString();
        target.scrapeUrl = object.value(QStringLiteral("scrapeUrl")).toString();
        target.health = object.value(QStringLiteral("health")).toString();
        target.lastError = object.value(QStringLiteral("lastError")).toString();
        target.lastScrape = QDateTime::fromString(
            object.value(QStringLiteral("lastScrape")).toString(), Qt::ISODateWithMs);
        // Prometheus reports 0001-01-01T00:00:00Z before the first scrape.
        if (target.lastScrape.isValid() && target.lastScrape.date().year() < 1971)
            target.lastScrape = QDateTime();
        target.lastScrapeDurationSeconds =
            object.value(QStringLiteral("lastScrapeDuration")).toDouble();
        double seconds = 0;
        if (parseDuration(object.value(QStringLiteral("scrapeInterval")).toString(), &seconds))
            target.scrapeInterval = std::chrono::milliseconds(qint64(std::llround(seconds * 1000)));
        result->activeTargets.append(std::move(target));
    }
    return true;
}

bool parseLabelValuesData(const QJsonValue &data, LabelValuesResult *result)
{
    if (!data.isArray())
        return fail(result, QStringLiteral("The Prometheus label values reply is not a list."));
    for (const QJsonValue &value : data.toArray())
        result->values.append(value.toString());
    return true;
}

bool parseBuildInfoData(const QJsonValue &data, BuildInfoResult *result)
{
    const QJsonObject object = data.toObject();
    result->version = object.value(QStringLiteral("version")).toString();
    result->revision = object.value(QStringLiteral("revision")).toString();
    result->goVersion = object.value(QStringLiteral("goVersion")).toString();
    return true;
}

QueryResult parseQueryReply(const QByteArray &body, const QString &httpError)
{
    QueryResult result;
    QJsonValue data;
    if (parseEnvelope(body, httpError, QStringLiteral("the query"), &result, &data))
        parseQueryData(data, &result);
    return result;
}

TargetsResult parseTargetsReply(const QByteArray &body, const QString &httpError)
{
    TargetsResult result;
    QJsonValue data;
    if (parseEnvelope(body, httpError, QStringLiteral("the targets request"), &result, &data))
        parseTargetsData(data, &result);
    return result;
}

} // namespace pushscope
