#include "snapshotparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <limits>

namespace pushscope {

namespace {

const QString kPushTime = QStringLiteral("push_time_seconds");
const QString kPushFailureTime = QStringLiteral("push_failure_time_seconds");
const QString kLabels = QStringLiteral("labels");
const QString kLastPushSuccessful = QStringLiteral("last_push_successful");

struct ParseError {
    QString sentence;
};

Labels readLabels(const QJsonValue &value) {
    Labels labels;
    const QJsonObject object = value.toObject();
    labels.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.append({it.key(), it.value().toString()}); // QJsonObject keeps keys sorted
    return labels;
}

double readNumber(const QJsonValue &value, const QString &where) {
    double number = 0;
    if (value.isString() && parseMetricNumber(value.toString(), &number))
        return number;
    if (value.isDouble())
        return value.toDouble();
    throw ParseError{
        QStringLiteral("The value %1 of %2 is not a number.")
            .arg(QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                     .mid(1)
                     .chopped(1),
                 where)};
}

QList<QPair<double, double>> readPairs(const QJsonValue &value, const QString &where) {
    QList<QPair<double, double>> pairs;
    const QJsonObject object = value.toObject();
    pairs.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        double bound = 0;
        if (!parseMetricNumber(it.key(), &bound))
            throw ParseError{
                QStringLiteral("%1 has a bound %2 that is not a number.").arg(where, it.key())};
        pairs.append({bound, readNumber(it.value(), where)});
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

bool looksLikeFamily(const QJsonValue &value) {
    const QJsonObject object = value.toObject();
    return object.value(QStringLiteral("metrics")).isArray() &&
           object.value(QStringLiteral("type")).isString();
}

MetricType readType(const QString &text, const QString &family) {
    if (text == u"COUNTER")
        return MetricType::Counter;
    if (text == u"GAUGE")
        return MetricType::Gauge;
    if (text == u"UNTYPED")
        return MetricType::Untyped;
    if (text == u"SUMMARY")
        return MetricType::Summary;
    if (text == u"HISTOGRAM")
        return MetricType::Histogram;
    throw ParseError{QStringLiteral("The family %1 has an unknown type %2.").arg(family, text)};
}

MetricFamily readFamily(const QString &name, const QJsonValue &value) {
    if (!looksLikeFamily(value))
        throw ParseError{
            QStringLiteral("The metric family %1 is not an object with a type and metrics.")
                .arg(name)};
    const QJsonObject object = value.toObject();
    MetricFamily family;
    family.name = name;
    family.help = object.value(QStringLiteral("help")).toString();
    family.lastPushed = object.value(QStringLiteral("time_stamp")).toString();
    family.type = readType(object.value(QStringLiteral("type")).toString(), name);
    const QJsonArray metrics = object.value(QStringLiteral("metrics")).toArray();
    family.samples.reserve(metrics.size());
    for (const QJsonValue &metric : metrics) {
        const QJsonObject m = metric.toObject();
        Sample sample;
        sample.labels = readLabels(m.value(kLabels));
        switch (family.type) {
        case MetricType::Counter:
        case MetricType::Gauge:
        case MetricType::Untyped:
            sample.value = readNumber(m.value(QStringLiteral("value")), name);
            break;
        case MetricType::Summary:
            sample.quantiles = readPairs(m.value(QStringLiteral("quantiles")), name);
            sample.count = readNumber(m.value(QStringLiteral("count")), name);
            sample.sum = readNumber(m.value(QStringLiteral("sum")), name);
            break;
        case MetricType::Histogram:
            sample.buckets = readPairs(m.value(QStringLiteral("buckets")), name);
            sample.count = readNumber(m.value(QStringLiteral("count")), name);
            sample.sum = readNumber(m.value(QStringLiteral("sum")), name);
            break;
        }
        family.samples.append(std::move(sample));
    }
    return family;
}

double firstSampleValue(const QJsonObject &group, const QString &name, Labels *labels) {
    const QJsonValue value = group.value(name);
    if (value.isUndefined())
        return 0;
    const MetricFamily family = readFamily(name, value);
    if (family.samples.isEmpty())
        return 0;
    if (labels)
        *labels = family.samples.first().labels;
    return family.samples.first().value;
}

// The gateway puts the grouping key and the families into one JSON object, so a family
// literally named "labels" replaces the key. The key is then recovered from the labels
// the gateway attaches to push_time_seconds: the key itself plus instance="" when the key
// has no instance. Whether instance="" was part of the key cannot be told apart.
GroupingKey recoverKey(const Labels &pushTimeLabels) {
    Labels labels;
    bool ambiguous = false;
    for (const auto &label : pushTimeLabels) {
        if (label.first == u"instance" && label.second.isEmpty()) {
            ambiguous = true;
            continue;
        }
        labels.append(label);
    }
    GroupingKey key(labels);
    key.setAmbiguous(ambiguous);
    return key;
}

Group readGroup(const QJsonValue &value, int index) {
    if (!value.isObject())
        throw ParseError{QStringLiteral("Group %1 in the reply is not a JSON object.").arg(index)};
    const QJsonObject object = value.toObject();
    Group group;
    Labels pushTimeLabels;
    group.pushTime = firstSampleValue(object, kPushTime, &pushTimeLabels);
    Labels failureLabels;
    group.pushFailureTime = firstSampleValue(object, kPushFailureTime, &failureLabels);
    if (pushTimeLabels.isEmpty())
        pushTimeLabels = failureLabels;

    const QJsonValue labelsValue = object.value(kLabels);
    const bool labelsIsFamily = looksLikeFamily(labelsValue);
    if (labelsIsFamily) {
        group.key = recoverKey(pushTimeLabels);
    } else if (labelsValue.isObject()) {
        group.key = GroupingKey(readLabels(labelsValue));
    } else {
        throw ParseError{QStringLiteral("Group %1 in the reply has no grouping key.").arg(index)};
    }

    const QJsonValue successValue = object.value(kLastPushSuccessful);
    const bool successIsFamily = looksLikeFamily(successValue);
    group.lastPushSuccessful =
        successValue.isBool() ? successValue.toBool() : group.pushFailureTime <= group.pushTime;

    group.families.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &name = it.key();
        if (name == kPushTime || name == kPushFailureTime)
            continue;
        if ((name == kLabels && !labelsIsFamily) ||
            (name == kLastPushSuccessful && !successIsFamily))
            continue;
        group.families.append(readFamily(name, it.value()));
    }
    return group;
}

} // namespace

const MetricFamily *Group::family(const QString &name) const {
    for (const MetricFamily &f : families) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QString metricTypeName(MetricType type) {
    switch (type) {
    case MetricType::Counter:
        return QStringLiteral("counter");
    case MetricType::Gauge:
        return QStringLiteral("gauge");
    case MetricType::Untyped:
        return QStringLiteral("untyped");
    case MetricType::Summary:
        return QStringLiteral("summary");
    case MetricType::Histogram:
        return QStringLiteral("histogram");
    }
    return QStringLiteral("untyped");
}

SnapshotParseResult parseSnapshot(const QByteArray &json) {
    SnapshotParseResult result;
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        QString start = QString::fromUtf8(json.left(40)).simplified();
        result.error =
            json.trimmed().isEmpty()
                ? QStringLiteral("The reply is empty, not the JSON list of groups.")
                : QStringLiteral("The reply is not JSON (%1 at byte %2; it starts with \"%3\"): is "
                                 "this URL a Pushgateway?")
                      .arg(jsonError.errorString())
                      .arg(jsonError.offset)
                      .arg(start);
        return result;
    }
    const QJsonObject root = document.object();
    const QString status = root.value(QStringLiteral("status")).toString();
    if (!document.isObject() || status.isEmpty()) {
        result.error = QStringLiteral("The reply is JSON but not the Pushgateway's list of groups "
                                      "(no \"status\" field).");
        return result;
    }
    if (status != u"success") {
        const QString why = root.value(QStringLiteral("error")).toString();
        result.error = QStringLiteral("The gateway reported status \"%1\"%2.")
                           .arg(status, why.isEmpty() ? QString() : QStringLiteral(": ") + why);
        return result;
    }
    const QJsonValue data = root.value(QStringLiteral("data"));
    if (!data.isArray()) {
        result.error = QStringLiteral("The reply is JSON but its \"data\" field is not a list of "
                                      "groups.");
        return result;
    }
    const QJsonArray groups = data.toArray();
    result.snapshot.groups.reserve(groups.size());
    try {
        int index = 0;
        for (const QJsonValue &group : groups)
            result.snapshot.groups.append(readGroup(group, ++index));
    } catch (const ParseError &error) {
        result.snapshot = {};
        result.error = error.sentence;
        return result;
    }
    result.ok = true;
    return result;
}

bool parseMetricNumber(const QString &text, double *value) {
    const QString t = text.trimmed();
    if (t.compare(u"NaN", Qt::CaseInsensitive) == 0) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (t.compare(u"+Inf", Qt::CaseInsensitive) == 0 ||
        t.compare(u"Inf", Qt::CaseInsensitive) == 0) {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (t.compare(u"-Inf", Qt::CaseInsensitive) == 0) {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    const double parsed = QLocale::c().toDouble(t, &ok);
    if (ok)
        *value = parsed;
    return ok;
}

QString formatMetricNumber(double value) {
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace pushscope
