#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// Label pairs sorted by name; names are unique.
using Labels = QList<QPair<QString, QString>>;

// The labels that identify one group on a Pushgateway: `job` plus any others.
class GroupingKey
{
public:
    GroupingKey() = default;
    explicit GroupingKey(Labels labels); // sorts by name

    const Labels &labels() const { return m_labels; }
    QString job() const { return value(QStringLiteral("job")); }
    QString value(const QString &name) const;
    bool contains(const QString &name) const;
    // Grouping labels other than `job`.
    Labels otherLabels() const;

    // True when the gateway's reply did not name the key and it had to be
    // recovered with one unresolvable doubt (instance="" or no instance label).
    // Such a key must never be used to delete.
    bool isAmbiguous() const { return m_ambiguous; }
    void setAmbiguous(bool ambiguous) { m_ambiguous = ambiguous; }

    // A stable identity, e.g. for hashing; not meant for display. Computed once.
    const QString &id() const { return m_id; }
    // PromQL-style: {instance="x",job="batch"} with job first.
    QString toString() const;
    // Just the other labels: instance="x", shard="3".
    QString otherLabelsText() const;

    // Path below the gateway's prefix addressing exactly this key:
    // /metrics/job/<job>{/<label>/<value>}, with @base64 where a value needs it.
    QString urlPath() const;

    // Parses the text form used on the command line: job="a",instance="b" (braces optional,
    // values in double quotes with \" and \\ escapes). Returns false and an error sentence.
    static bool parse(const QString &text, GroupingKey *key, QString *error);

    friend bool operator==(const GroupingKey &a, const GroupingKey &b)
    {
        return a.m_labels == b.m_labels;
    }
    friend bool operator!=(const GroupingKey &a, const GroupingKey &b) { return !(a == b); }

private:
    Labels m_labels;
    QString m_id;
    bool m_ambiguous = false;
};

// Quotes a label value like PromQL and the exposition format do: "a\"b\\c\n".
QString quoteLabelValue(const QString &value);
// One path segment pair for a grouping label, base64 where needed.
QString encodeGroupingLabel(const QString &name, const QString &value);

} // namespace pushscope
