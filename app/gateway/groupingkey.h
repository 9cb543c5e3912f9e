#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// Label pairs sorted by name; names are unique.
using Labels = QList<QPair<QString, QString>>;

// How a gateway reads the label names in a push or delete path. Utf8 is
// --push.enable-utf8-names (1.11+): a name starting with U__ is decoded (U__ + the name with
// `_` as `__` and any other character as `_<hex code point>_`), any other name taken as is.
enum class NameEscaping { Legacy, Utf8 };

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
    // True when a name or value holds U+FFFD: the gateway's JSON writes invalid UTF-8 bytes
    // that way, so the real key is unknown. Such a key must never be used to delete.
    bool isLossy() const;
    // Tells apart lossy keys that read the same within one reply (0 = the first); part of
    // id(), not of the labels.
    int lossyOrdinal() const { return m_lossyOrdinal; }
    void setLossyOrdinal(int ordinal);

    // A stable, injective identity, e.g. for hashing; not meant for display. Computed once.
    const QString &id() const { return m_id; }
    // PromQL-style: {instance="x",job="batch"} with job first; a name that is not a legacy
    // label name is quoted ({"foo.bar"="x"}), U+FFFD is written \uFFFD. parse() reads it back.
    QString toString() const;
    // Just the other labels: instance="x", shard="3".
    QString otherLabelsText() const;

    // Path below the gateway's prefix addressing exactly this key on a gateway that reads
    // names `escaping`: /metrics/job/<job>{/<label>/<value>}. Every segment is made of
    // [A-Za-z0-9_~.-] and @ only, never starts with a dot and is never empty, so no client
    // or proxy normalises it. Empty, with one sentence in `error`, when no path addresses
    // exactly this key there (nothing may then be sent).
    QString pathOn(NameEscaping escaping, QString *error = nullptr) const;
    // pathOn(NameEscaping::Legacy).
    QString urlPath() const { return pathOn(NameEscaping::Legacy); }

    // Parses the text form used on the command line: job="a",instance="b" (braces optional,
    // values in double quotes with \" and \\ escapes, names bare or quoted like PromQL 3).
    // Returns false and an error sentence.
    static bool parse(const QString &text, GroupingKey *key, QString *error);

    friend bool operator==(const GroupingKey &a, const GroupingKey &b)
    {
        return a.m_labels == b.m_labels && a.m_lossyOrdinal == b.m_lossyOrdinal;
    }
    friend bool operator!=(const GroupingKey &a, const GroupingKey &b) { return !(a == b); }

private:
    void computeId();

    Labels m_labels;
    QString m_id;
    int m_lossyOrdinal = 0;
    bool m_ambiguous = false;
};

// Quotes a label value like PromQL does: "a\"b\\c\n"; control characters and U+FFFD as \u.
QString quoteLabelValue(const QString &value);
// True for [a-zA-Z_][a-zA-Z0-9_]*, the names every gateway and PromQL take bare.
bool isLegacyLabelName(const QString &name);
// The name as PromQL 3 and PushScope's matchers write it: bare when legacy, else quoted.
QString formatLabelName(const QString &name);
// name="value" with the name formatted as above.
QString formatLabel(const QString &name, const QString &value);
// One path segment pair for a grouping label, base64 where needed (legacy name handling).
QString encodeGroupingLabel(const QString &name, const QString &value);
// The U__ form of `name` that a gateway with --push.enable-utf8-names decodes back to it.
QString escapeUtf8LabelName(const QString &name);
// Gives lossy keys that read the same distinct ordinals, in the order given, so that no two
// keys of one reply share an id.
void separateLossyKeys(const QList<GroupingKey *> &keys);

} // namespace pushscope
