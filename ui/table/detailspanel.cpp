#include "detailspanel.h"

#include "gateway/nativeschema.h"
#include "gateway/snapshotparser.h"
#include "model/duration.h"
#include "model/timeformat.h"
#include "outcomestyle.h"
#include "window/elidedlabel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>

namespace pushscope::ui {

namespace {

// Translated "never"; the rest is the core's formatting.
QString timeText(double unixSeconds)
{
    return unixSeconds > 0 ? formatTimestamp(unixSeconds) : QObject::tr("never");
}

// The sample's labels minus the grouping key's: what tells samples of a family apart.
QString extraLabels(const Labels &labels, const GroupingKey &key)
{
    QStringList parts;
    for (const auto &label : labels) {
        if (key.contains(label.first) && key.value(label.first) == label.second)
            continue;
        if (label.first == u"instance" && label.second.isEmpty() && !key.contains(label.first))
            continue; // added by the gateway
        parts.append(label.first + QLatin1Char('=') + quoteLabelValue(label.second));
    }
    return parts.isEmpty() ? QString()
                           : QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QTreeWidgetItem *addChild(QTreeWidgetItem *parent, const QString &name, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {name, value});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// "(0.5, 1]", "[-1, -0.5)", "zero bucket [-0.001, 0.001]", as the boundary rule says.
QString nativeBucketText(const NativeBucket &bucket)
{
    const bool lowerIncluded = bucket.boundaryRule == 1 || bucket.boundaryRule == 3;
    const bool upperIncluded = bucket.boundaryRule == 0 || bucket.boundaryRule == 3;
    const QString range =
        QStringLiteral("%1%2, %3%4")
            .arg(lowerIncluded ? QLatin1Char('[') : QLatin1Char('('))
            .arg(formatMetricNumber(bucket.lower), formatMetricNumber(bucket.upper))
            .arg(upperIncluded ? QLatin1Char(']') : QLatin1Char(')'));
    return bucket.isZeroBucket() ? QObject::tr("zero bucket %1").arg(range) : range;
}

void addHistogramBuckets(QTreeWidgetItem *item, const Sample &sample)
{
    if (!sample.nativeHistogram) {
        for (const auto &bucket : sample.buckets)
            addChild(item, QObject::tr("le %1").arg(formatMetricNumber(bucket.first)),
                     formatMetricNumber(bucket.second));
        return;
    }
    if (sample.nativeBuckets.isEmpty())
        addChild(item, QObject::tr("native histogram, no bucket holds observations"), QString());
    if (const std::optional<int> schema = nativeSchemaOf(sample))
        addChild(item, QObject::tr("native histogram, schema %1").arg(*schema),
                 QObject::tr("growth ×%1 per bucket")
                     .arg(formatMetricNumber(std::exp2(std::exp2(-*schema)))));
    for (const NativeBucket &bucket : sample.nativeBuckets)
        addChild(item, nativeBucketText(bucket), formatMetricNumber(bucket.count));
}

void addUnsupported(QTreeWidget *tree, const UnsupportedFamily &family)
{
    auto *item = new QTreeWidgetItem(tree);
    item->setText(
        0, QObject::tr("%1  (%2, not read)")
               .arg(family.name, family.type.isEmpty() ? QObject::tr("no type") : family.type));
    item->setForeground(0, QColor(0xb2, 0x6a, 0x00));
    auto *note = new QTreeWidgetItem(item, {family.note});
    note->setToolTip(0, family.note);
    item->setToolTip(0, family.note);
    item->setExpanded(true);
}

void addSample(QTreeWidgetItem *familyItem, const MetricFamily &family, const Sample &sample,
               const GroupingKey &key)
{
    const QString labels = extraLabels(sample.labels, key);
    const QString name = labels.isEmpty() ? family.name : family.name + labels;
    switch (family.type) {
    case MetricType::Counter:
    case MetricType::Gauge:
    case MetricType::Untyped:
        addChild(familyItem, name, formatMetricNumber(sample.value));
        break;
    case MetricType::Summary: {
        auto *item =
            addChild(familyItem, name,
                     QObject::tr("count %1, sum %2")
                         .arg(formatMetricNumber(sample.count), formatMetricNumber(sample.sum)));
        for (const auto &quantile : sample.quantiles)
            addChild(item, QObject::tr("quantile %1").arg(formatMetricNumber(quantile.first)),
                     formatMetricNumber(quantile.second));
        item->setExpanded(true);
        break;
    }
    case MetricType::Histogram: {
        auto *item =
            addChild(familyItem, name,
                     QObject::tr("count %1, sum %2")
                         .arg(formatMetricNumber(sample.count), formatMetricNumber(sample.sum)));
        addHistogramBuckets(item, sample);
        item->setExpanded(true);
        break;
    }
    }
}

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_key(new ElidedLabel(Qt::ElideMiddle, this))
    , m_gateway(new ElidedLabel(Qt::ElideMiddle, this))
    , m_header(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    // No text decides the panel's width (it would take the table's room in the splitter):
    // the key and the gateway are elided in the middle, the rest wraps.
    QFont keyFont = m_key->font();
    keyFont.setBold(true);
    keyFont.setPointSizeF(keyFont.pointSizeF() * 1.2);
    m_key->setFont(keyFont);
    for (QLabel *line : std::initializer_list<QLabel *>{m_key, m_gateway, m_header}) {
        line->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        line->setTextInteractionFlags(Qt::TextSelectableByMouse);
        line->setContentsMargins(6, 0, 6, 0);
    }
    m_key->setContentsMargins(6, 6, 6, 0);
    m_header->setWordWrap(true);
    m_header->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_header->setContentsMargins(6, 0, 6, 6);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Family / sample"), tr("Value")});
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_key);
    layout->addWidget(m_gateway);
    layout->addWidget(m_header);
    layout->addWidget(m_tree, 1);
    clear();
}

void DetailsPanel::clear()
{
    m_shown = {};
    m_selectionCount = 0;
    m_selectionListed.clear();
    setLines({}, {});
    m_header->setText(tr("<i>Select a group to see its metrics.</i>"));
    m_tree->clear();
    setTreeColumns(false);
}

void DetailsPanel::showSelection(int count, const QList<SelectedGroup> &first)
{
    if (count == m_selectionCount && first == m_selectionListed)
        return;
    clear();
    m_selectionCount = count;
    m_selectionListed = first;
    QString text = tr("%n groups selected. Select one to see its metrics.", nullptr, count);
    if (count > first.size())
        text += QLatin1Char(' ') + tr("The first %1 are listed.").arg(first.size());
    m_header->setText(QStringLiteral("<i>%1</i>").arg(text.toHtmlEscaped()));
    setTreeColumns(true);
    m_tree->setUpdatesEnabled(false);
    for (const SelectedGroup &group : first) {
        auto *item = new QTreeWidgetItem(m_tree, {group.key, outcomeName(group.outcome)});
        item->setToolTip(0, group.key);
        item->setIcon(1, outcomeIcon(group.outcome));
        item->setForeground(1, outcomeColor(group.outcome));
    }
    m_tree->setUpdatesEnabled(true);
}

void DetailsPanel::setTreeColumns(bool groups)
{
    m_tree->setHeaderLabels(groups ? QStringList{tr("Selected group"), tr("Outcome")}
                                   : QStringList{tr("Family / sample"), tr("Value")});
}

void DetailsPanel::updateAge(double pushAgeSeconds, const Verdict &verdict)
{
    if (!m_shown.valid)
        return;
    m_shown.ageSeconds = pushAgeSeconds;
    m_shown.verdict = verdict;
    renderHeader();
}

QString DetailsPanel::headerText() const
{
    return m_header->text();
}

void DetailsPanel::renderHeader()
{
    const Verdict &verdict = m_shown.verdict;
    QString html = QStringLiteral("<b style='color:%1'>%2</b> — %3")
                       .arg(outcomeColor(verdict.outcome).name(), outcomeName(verdict.outcome),
                            verdict.reason.toHtmlEscaped());
    // A group that never pushed (only a failure) has no push age to show.
    const QString lastPush =
        m_shown.pushTime > 0
            ? tr("%1 (%2 ago)").arg(timeText(m_shown.pushTime), formatAge(m_shown.ageSeconds))
            : timeText(m_shown.pushTime);
    html += QStringLiteral("<br>") +
            tr("Last push: %1 · last failure: %2").arg(lastPush, timeText(m_shown.lastFailureTime));
    if (!m_shown.cadence.isEmpty())
        html += QStringLiteral("<br>") + tr("Cadence: %1").arg(m_shown.cadence.toHtmlEscaped());
    if (m_shown.ambiguousKey)
        html += QStringLiteral("<br><span style='color:#b26a00'>%1</span>")
                    .arg(tr("This group pushes a family named \"labels\", which hides its exact "
                            "grouping key in the gateway's reply; the key shown is a best guess.")
                             .toHtmlEscaped());
    if (m_shown.outOfDate)
        html += QStringLiteral("<br><span style='color:#b26a00'>%1</span>")
                    .arg(tr("Out of date: the gateway's last poll failed.").toHtmlEscaped());
    m_header->setText(html);
}

QString DetailsPanel::shownKey() const
{
    return m_key->text();
}

void DetailsPanel::setLines(const QString &key, const QString &gateway)
{
    m_key->setFullText(key);
    m_key->setVisible(!key.isEmpty());
    m_gateway->setFullText(gateway);
    m_gateway->setVisible(!gateway.isEmpty());
}

void DetailsPanel::showGroup(const QString &gateway, const Group &group, const Verdict &verdict,
                             double pushAgeSeconds, bool outOfDate, const QString &cadence)
{
    m_selectionCount = 0;
    m_selectionListed.clear();
    setLines(group.key.toString(), tr("on %1").arg(gateway));
    m_shown.valid = true;
    m_shown.verdict = verdict;
    m_shown.pushTime = group.pushTime;
    m_shown.lastFailureTime = OutcomeRules::lastFailureTime(group);
    m_shown.ageSeconds = pushAgeSeconds;
    m_shown.cadence = cadence;
    m_shown.ambiguousKey = group.key.isAmbiguous();
    m_shown.outOfDate = outOfDate;
    renderHeader();

    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    setTreeColumns(false);
    for (const MetricFamily &family : group.families) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(
            0, family.readFromExposition
                   ? tr("%1  (%2, read from /metrics)").arg(family.name, familyTypeName(family))
                   : QStringLiteral("%1  (%2)").arg(family.name, familyTypeName(family)));
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setToolTip(0, family.help.isEmpty() ? tr("No HELP text was pushed.") : family.help);
        if (family.samples.size() == 1 && family.type != MetricType::Summary &&
            family.type != MetricType::Histogram &&
            extraLabels(family.samples.first().labels, group.key).isEmpty()) {
            item->setText(1, formatMetricNumber(family.samples.first().value));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        } else {
            for (const Sample &sample : family.samples)
                addSample(item, family, sample, group.key);
            item->setExpanded(true);
        }
    }
    for (const UnsupportedFamily &family : group.unsupportedFamilies)
        addUnsupported(m_tree, family);
    m_tree->setUpdatesEnabled(true);
}

} // namespace pushscope::ui
