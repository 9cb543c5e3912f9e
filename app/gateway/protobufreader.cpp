#include "protobufreader.h"

#include "protowire.h"

namespace pushscope {

namespace {

using namespace detail;

// `exact` turns false when the bytes are not valid UTF-8 (the text would not write back
// the same bytes).
bool readString(WireReader &reader, quint64 wire, QString *value, bool *exact)
{
    QByteArrayView bytes;
    if (wire != LengthDelimited)
        return reader.fail(QStringLiteral("A text field is not length-delimited."));
    if (!reader.readLengthDelimited(&bytes))
        return false;
    *value = QString::fromUtf8(bytes);
    if (*exact && QByteArrayView(value->toUtf8()) != bytes)
        *exact = false;
    return true;
}

bool readLabelPair(QByteArrayView bytes, QPair<QString, QString> *pair, bool *exact, QString *error)
{
    WireReader reader(bytes);
    quint64 field = 0;
    quint64 wire = 0;
    while (reader.readTag(&field, &wire)) {
        if (field == 1)
            readString(reader, wire, &pair->first, exact);
        else if (field == 2)
            readString(reader, wire, &pair->second, exact);
        else
            reader.skip(wire);
    }
    *error = reader.error();
    return !reader.failed();
}

bool readMetric(QByteArrayView bytes, ProtoMetric *metric, QString *error)
{
    WireReader reader(bytes);
    quint64 field = 0;
    quint64 wire = 0;
    qsizetype start = 0;
    while (reader.readTag(&field, &wire)) {
        if (field == 1 && wire == LengthDelimited) {
            QByteArrayView pairBytes;
            QPair<QString, QString> pair;
            if (!reader.readLengthDelimited(&pairBytes))
                break;
            if (!readLabelPair(pairBytes, &pair, &metric->exactText, error))
                return false;
            metric->labels.append(pair);
        } else if (reader.skip(wire)) {
            metric->otherFields.append(bytes.sliced(start, reader.position() - start));
        }
        start = reader.position();
    }
    *error = reader.error();
    return !reader.failed();
}

bool readFamily(QByteArrayView bytes, ProtoFamily *family, QString *error)
{
    WireReader reader(bytes);
    quint64 field = 0;
    quint64 wire = 0;
    qsizetype start = 0;
    while (reader.readTag(&field, &wire)) {
        if (field == 1) {
            readString(reader, wire, &family->name, &family->exactText);
        } else if (field == 2) {
            readString(reader, wire, &family->help, &family->exactText);
        } else if (field == 3 && wire == Varint) {
            reader.readVarint(&family->type);
        } else if (field == 4 && wire == LengthDelimited) {
            QByteArrayView metricBytes;
            ProtoMetric metric;
            if (!reader.readLengthDelimited(&metricBytes))
                break;
            if (!readMetric(metricBytes, &metric, error))
                return false;
            family->metrics.append(std::move(metric));
        } else if (reader.skip(wire)) {
            family->otherFields.append(bytes.sliced(start, reader.position() - start));
        }
        start = reader.position();
    }
    *error = reader.error();
    return !reader.failed();
}

void appendVarint(QByteArray *out, quint64 value)
{
    while (value >= 0x80) {
        out->append(char(quint8(value) | 0x80));
        value >>= 7;
    }
    out->append(char(quint8(value)));
}

void appendBytes(QByteArray *out, quint64 field, QByteArrayView bytes)
{
    appendVarint(out, (field << 3) | LengthDelimited);
    appendVarint(out, quint64(bytes.size()));
    out->append(bytes);
}

} // namespace

ProtoReadResult readDelimitedFamilies(QByteArrayView data)
{
    ProtoReadResult result;
    WireReader stream(data);
    while (!stream.atEnd()) {
        QByteArrayView message;
        ProtoFamily family;
        QString error;
        if (!stream.readLengthDelimited(&message)) {
            error = stream.error();
        } else if (readFamily(message, &family, &error) && family.name.isEmpty()) {
            error = QStringLiteral("A metric family has no name.");
        }
        if (!error.isEmpty()) {
            result.error = QStringLiteral("The metric family %1 in the protobuf data cannot be "
                                          "read: %2")
                               .arg(result.families.size() + 1)
                               .arg(error);
            result.families.clear();
            return result;
        }
        result.families.append(std::move(family));
    }
    result.ok = true;
    return result;
}

QByteArray writeDelimitedFamily(const ProtoFamily &family, const QList<ProtoMetric> &metrics)
{
    QByteArray message;
    appendBytes(&message, 1, family.name.toUtf8());
    if (!family.help.isEmpty())
        appendBytes(&message, 2, family.help.toUtf8());
    appendVarint(&message, (3 << 3) | Varint);
    appendVarint(&message, family.type);
    for (const ProtoMetric &metric : metrics) {
        QByteArray metricBytes;
        for (const auto &label : metric.labels) {
            QByteArray pair;
            appendBytes(&pair, 1, label.first.toUtf8());
            appendBytes(&pair, 2, label.second.toUtf8());
            appendBytes(&metricBytes, 1, pair);
        }
        metricBytes.append(metric.otherFields);
        appendBytes(&message, 4, metricBytes);
    }
    message.append(family.otherFields);
    QByteArray out;
    appendVarint(&out, quint64(message.size()));
    out.append(message);
    return out;
}

} // namespace pushscope
