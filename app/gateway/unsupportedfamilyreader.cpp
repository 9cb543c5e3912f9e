#include "unsupportedfamilyreader.h"

#include "groupreader.h"
#include "net/servertext.h"

namespace pushscope::detail {

namespace {

// The "type" member of a family object, as sent ("" when there is none or it is no string).
QString typeMember(QByteArrayView span)
{
    JsonCursor cursor(span);
    if (cursor.peekKind() != JsonCursor::Kind::Object)
        return {};
    cursor.beginObject();
    QByteArrayView key;
    while (cursor.nextKey(&key)) {
        if (key == "type" && cursor.peekKind() == JsonCursor::Kind::String)
            return cursor.readString();
        cursor.skipValue();
    }
    return {};
}

// The "labels" of one metric object; false (the value skipped) when there is none or it
// is not an object of strings.
bool readMetricLabels(JsonCursor &cursor, QList<Labels> *labels)
{
    if (cursor.peekKind() != JsonCursor::Kind::Object) {
        cursor.skipValue();
        return false;
    }
    cursor.beginObject();
    bool found = false;
    bool read = true;
    QByteArrayView key;
    while (cursor.nextKey(&key)) {
        if (key != "labels" || found || cursor.peekKind() != JsonCursor::Kind::Object) {
            read = read && key != "labels";
            cursor.skipValue();
            continue;
        }
        found = true;
        JsonCursor sub(cursor.skipRawValue(), cursor);
        const Labels metricLabels = GroupReader::parseLabelObject(sub);
        read = read && !sub.failed();
        labels->append(metricLabels);
    }
    return found && read && !cursor.failed();
}

} // namespace

UnsupportedFamily readUnsupportedFamily(const QString &name, QByteArrayView span,
                                        JsonCursor &parent, const QString &why)
{
    UnsupportedFamily family;
    family.name = name;
    family.type = clipServerText(typeMember(span));
    family.note = clipMessage(why);
    JsonCursor cursor(span, parent);
    if (cursor.peekKind() != JsonCursor::Kind::Object)
        return family;
    cursor.beginObject();
    bool metricsRead = false;
    bool labelsRead = true;
    QByteArrayView key;
    while (cursor.nextKey(&key)) {
        const JsonCursor::Kind kind = cursor.peekKind();
        if (key == "help" && kind == JsonCursor::Kind::String) {
            family.help = cursor.readString();
        } else if (key == "metrics" && kind == JsonCursor::Kind::Array && !metricsRead) {
            metricsRead = true;
            cursor.beginArray();
            while (cursor.hasNextElement())
                labelsRead = readMetricLabels(cursor, &family.metricLabels) && labelsRead;
        } else {
            cursor.skipValue();
        }
    }
    family.metricLabelsRead = metricsRead && labelsRead && !cursor.failed();
    return family;
}

} // namespace pushscope::detail
