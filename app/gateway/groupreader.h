#pragma once

// Internal to the snapshot parser: reads one group object of /api/v1/metrics.

#include "jsoncursor.h"
#include "snapshot.h"

#include <QHash>

namespace pushscope::detail {

// A reply of the wrong shape: the sentence says what is wrong.
struct ShapeError {
    QString sentence;
};
// Broken JSON inside a group that was only skimmed at first.
struct SyntaxError {
    QString what;
    qsizetype offset = -1; // in the whole reply
};

// Reads "1.5", "NaN", "+Inf", "-Inf" straight from the reply's bytes.
bool parseNumberBytes(QByteArrayView text, double *value);

// Reads one group; a group whose key and push times equal those in `previous` is taken
// from there. Throws ShapeError or SyntaxError.
class GroupReader
{
public:
    GroupReader(JsonCursor &cursor, const QHash<QString, const Group *> *previous,
                QHash<JsonBytesKey, Labels> *labelCache)
        : m_cursor(cursor)
        , m_previous(previous)
        , m_labelCache(labelCache)
    {}

    // The group object at the cursor; throws ShapeError for a wrong shape.
    Group read(int index);
    // A JSON object of string values as labels, sorted by name.
    static Labels parseLabelObject(JsonCursor &cursor);

private:
    struct SampleFields {
        bool value = false;     // a "value" member
        bool histogram = false; // a "buckets" or "count" member
    };
    struct ObjectValue {
        Labels strings;          // every member whose value is a string
        bool hasMetrics = false; // a "metrics" array was present
        QList<Sample> samples;
        QList<SampleFields> sampleFields;
    };

    ObjectValue readObjectValue(const QString &name);
    void readSample(const QString &family, Sample *sample, SampleFields *fields);
    QList<NativeBucket> readNativeBuckets(const QString &family);
    Labels readLabels();
    QList<QPair<double, double>> readPairs(const QString &family);
    double readNumberValue(const QString &family);
    MetricFamily toFamily(const QString &name, ObjectValue &&value);
    void readFamily(const QString &name, QByteArrayView span, Group *group);
    ObjectValue readSpan(QByteArrayView span, const QString &name);
    void readPushTime(const QString &name, double *value, Labels *labels);

    JsonCursor &m_cursor;
    const QHash<QString, const Group *> *m_previous;
    QHash<JsonBytesKey, Labels> *m_labelCache;
};

} // namespace pushscope::detail
