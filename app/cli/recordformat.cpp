#include "recordformat.h"

#include "recordjson.h"
#include "texttable.h"
#include "unixtimetext.h"

#include "model/duration.h"

namespace pushscope {

void appendCsvField(QByteArray *out, QStringView text)
{
    bool quote = false;
    for (const QChar c : text) {
        if (c == u',' || c == u'"' || c == u'\n' || c == u'\r') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        appendUtf8(out, text);
        return;
    }
    out->append('"');
    qsizetype from = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'"') {
            appendUtf8(out, text.sliced(from, i + 1 - from));
            out->append('"');
            from = i + 1;
        }
    }
    appendUtf8(out, text.sliced(from));
    out->append('"');
}

namespace {

void appendFixed3(QByteArray *out, double value)
{
    out->append(QByteArray::number(value, 'f', 3));
}

void writeCsv(const QList<GroupRecord> &records, ByteSink *sink)
{
    QByteArray &out = sink->buffer();
    out.append("gateway,job,labels,outcome,push_age_seconds,push_time,push_failure_time,"
               "last_push_successful,families,unsupported_families\r\n");
    for (const GroupRecord &record : records) {
        const Group &g = record.group;
        appendCsvField(&out, record.gateway);
        out.append(',');
        appendCsvField(&out, g.key.job());
        out.append(',');
        appendCsvField(&out, g.key.otherLabelsText());
        out.append(',');
        out.append(outcomeName(record.verdict.outcome).toLatin1());
        out.append(',');
        appendFixed3(&out, record.pushAgeSeconds);
        out.append(',');
        appendFixed3(&out, g.pushTime);
        out.append(',');
        appendFixed3(&out, g.pushFailureTime);
        out.append(g.lastPushSuccessful ? ",true," : ",false,");
        out.append(QByteArray::number(g.families.size()));
        out.append(',');
        out.append(QByteArray::number(g.unsupportedFamilies.size()));
        out.append("\r\n");
        sink->drain();
    }
    sink->finish();
}

// "4", or "4 (+1 not read)" when some families could not be read.
QByteArray familiesText(const Group &group)
{
    QByteArray count = QByteArray::number(group.families.size());
    if (group.unsupportedFamilies.isEmpty())
        return count;
    return count + " (+" + QByteArray::number(group.unsupportedFamilies.size()) + " not read)";
}

void writeTable(const QList<GroupRecord> &records, ByteSink *sink)
{
    TextTable table({QStringLiteral("GATEWAY"), QStringLiteral("JOB"), QStringLiteral("LABELS"),
                     QStringLiteral("OUTCOME"), QStringLiteral("AGE"), QStringLiteral("LAST PUSH"),
                     QStringLiteral("FAMILIES")});
    UnixTimeText times;
    for (const GroupRecord &record : records) {
        const Group &g = record.group;
        table.addCell(record.gateway);
        table.addCell(g.key.job());
        table.addCell(g.key.otherLabelsText());
        table.addCell(outcomeName(record.verdict.outcome));
        table.addCell(formatAge(record.pushAgeSeconds));
        if (char text[19]; times.format(g.pushTime, text))
            table.addCell(QByteArrayView(text, sizeof text));
        else
            table.addCell(formatUnixTime(g.pushTime));
        table.addCell(QByteArrayView(familiesText(g)));
        table.endRow();
    }
    table.write(sink);
    sink->finish();
}

} // namespace

bool parseOutputFormat(const QString &text, OutputFormat *format)
{
    if (text == u"table")
        *format = OutputFormat::Table;
    else if (text == u"json")
        *format = OutputFormat::Json;
    else if (text == u"csv")
        *format = OutputFormat::Csv;
    else
        return false;
    return true;
}

void writeRecords(OutputFormat format, const QList<GroupRecord> &records, ByteSink *sink)
{
    switch (format) {
    case OutputFormat::Json:
        writeRecordsJson(records, sink);
        return;
    case OutputFormat::Csv:
        writeCsv(records, sink);
        return;
    case OutputFormat::Table:
        writeTable(records, sink);
        return;
    }
}

static QByteArray collect(OutputFormat format, const QList<GroupRecord> &records)
{
    ByteSink sink;
    writeRecords(format, records, &sink);
    return sink.buffer();
}

QByteArray recordsToJson(const QList<GroupRecord> &records)
{
    return collect(OutputFormat::Json, records);
}

QByteArray recordsToCsv(const QList<GroupRecord> &records)
{
    return collect(OutputFormat::Csv, records);
}

QByteArray recordsToTable(const QList<GroupRecord> &records)
{
    return collect(OutputFormat::Table, records);
}

QByteArray formatTextTable(const QStringList &header, const QList<QStringList> &rows)
{
    TextTable table(header);
    for (const QStringList &row : rows) {
        for (const QString &cell : row)
            table.addCell(cell);
        table.endRow();
    }
    ByteSink sink;
    table.write(&sink);
    return sink.buffer();
}

} // namespace pushscope
