#pragma once

#include "prometheus/timeseries.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>

namespace pushscope {

// What every answer of the Prometheus HTTP API carries besides its data.
struct PrometheusReply {
    bool ok = false;
    int httpStatus = 0;
    QString error;        // one plain sentence when !ok
    QString errorType;    // the API's errorType ("bad_data", "timeout", ...) if it sent one
    QStringList warnings; // the API's "warnings", passed through
    qint64 latencyMs = 0;
};

// The answer to query() and queryRange(). A vector gives one point per series, a scalar
// one series without name or labels, a matrix many points per series.
struct QueryResult : PrometheusReply {
    enum class Type { None, Matrix, Vector, Scalar, String };
    Type type = Type::None;
    QList<TimeSeries> series;
    QString stringValue; // for Type::String
};

// One entry of /api/v1/targets (active targets only).
struct ScrapeTarget {
    Labels labels;        // the target's labels after relabelling (job, instance, ...)
    QString scrapePool;   // the scrape config's job_name
    QString scrapeUrl;    // e.g. http://127.0.0.1:9091/metrics
    QString health;       // "up", "down" or "unknown"
    QString lastError;    // empty when the last scrape succeeded
    QDateTime lastScrape; // invalid before the first scrape
    double lastScrapeDurationSeconds = 0;
    std::chrono::milliseconds scrapeInterval{0}; // 0 when the server does not say
    QString label(const QString &name) const;
};

struct TargetsResult : PrometheusReply {
    QList<ScrapeTarget> activeTargets;
};

struct LabelValuesResult : PrometheusReply {
    QStringList values;
};

// /api/v1/status/config: the loaded configuration as YAML (Prometheus itself only).
struct ConfigResult : PrometheusReply {
    QString yaml;
};

struct BuildInfoResult : PrometheusReply {
    QString version;
    QString revision;
    QString goVersion;
};

// Reads the common envelope {"status":..., "data":..., "errorType":..., "error":...,
// "warnings":[...]}. `what` names the request for the sentence ("the query"). Returns the
// "data" value through `data`; on failure fills reply->error with a sentence such as
// "Prometheus rejected the query: bad_data: parse error at char 5: ...". `httpError` is the
// transport's sentence, used when the body is not a Prometheus error.
bool parseEnvelope(const QByteArray &body, const QString &httpError, const QString &what,
                   PrometheusReply *reply, QJsonValue *data);

// A sample value as the API sends it: a string, "NaN", "+Inf" and "-Inf" included.
double parseSampleValue(const QString &text, bool *ok = nullptr);

// Parsers of the "data" part of each call; false with reply->error set when malformed.
bool parseQueryData(const QJsonValue &data, QueryResult *result);
bool parseTargetsData(const QJsonValue &data, TargetsResult *result);
bool parseLabelValuesData(const QJsonValue &data, LabelValuesResult *result);
bool parseBuildInfoData(const QJsonValue &data, BuildInfoResult *result);

// Whole replies (envelope + data), as the client and the tests use them.
QueryResult parseQueryReply(const QByteArray &body, const QString &httpError = {});
TargetsResult parseTargetsReply(const QByteArray &body, const QString &httpError = {});

} // namespace pushscope
