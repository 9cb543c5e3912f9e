#include "samplehistory.h"

#include "preparedsnapshot.h"

#include <QSettings>

#include <algorithm>
#include <vector>

namespace pushscope {

namespace {

bool isScalar(MetricType type)
{
    return type == MetricType::Counter || type == MetricType::Gauge || type == MetricType::Untyped;
}

QString labelsKey(const Labels &labels)
{
    QString key;
    for (const auto &[name, value] : labels) {
        key += name;
        key += QChar(0x1f);
        key += value;
        key += QChar(0x1e);
    }
    return key;
}

// An integer setting clamped to [low, high]; `fallback` when missing or not a number.
int intSetting(const QSettings &settings, const char *key, int fallback, int low, int high)
{
    bool ok = false;
    const qlonglong value = settings.value(QLatin1String(key)).toLongLong(&ok);
    return ok ? int(std::clamp<qlonglong>(value, low, high)) : fallback;
}

} // namespace

void SampleHistory::readSettings(const QSettings &settings)
{
    setPointsPerSeries(intSetting(settings, kPointsPerSeriesKey, kDefaultPointsPerSeries,
                                  kMinPointsPerSeries, kMaxPointsPerSeries));
    setMaxSeries(intSetting(settings, kMaxSeriesKey, kDefaultMaxSeries, kMinSeries, kMaxSeries));
}

void SampleHistory::Series::append(double time, double value, int capacity)
{
    if (ring.size() < capacity) {
        ring.append({time, value});
        return;
    }
    ring[head] = {time, value};
    head = (head + 1) % int(ring.size());
}

QList<QPair<double, double>> SampleHistory::Series::points() const
{
    if (head == 0)
        return ring;
    QList<QPair<double, double>> out;
    out.reserve(ring.size());
    out.append(ring.mid(head));
    out.append(ring.first(head));
    return out;
}

void SampleHistory::Series::setCapacity(int capacity)
{
    QList<QPair<double, double>> linear = points();
    if (linear.size() > capacity)
        linear.remove(0, linear.size() - capacity);
    ring = std::move(linear);
    head = 0;
}

void SampleHistory::setPointsPerSeries(int points)
{
    m_pointsPerSeries = std::max(1, points);
    for (GroupHistory &group : m_groups) {
        for (auto &series : group.families) {
            for (Series &s : series)
                s.setCapacity(m_pointsPerSeries);
        }
    }
}

void SampleHistory::setMaxSeries(int series)
{
    m_maxSeries = std::max(1, series);
    if (m_seriesCount > m_maxSeries)
        evict();
}

void SampleHistory::record(int gateway, const PreparedSnapshot &snapshot)
{
    // Groups not pushed since the snapshot recorded last have nothing new: only the changed
    // ones are looked at then.
    const bool onlyChanges =
        snapshot.basedOn != 0 && snapshot.basedOn == m_recordedSerial.value(gateway, 0);
    m_recordedSerial.insert(gateway, snapshot.serial);
    QList<qsizetype> starved;
    const auto recordAt = [&](qsizetype i) {
        const PreparedGroup &prepared = snapshot.groups.at(i);
        if (!recordGroup(gateway, prepared.id, prepared.group))
            starved.append(i);
    };
    if (onlyChanges) {
        for (const qsizetype i : snapshot.changed)
            recordAt(i);
    } else {
        for (qsizetype i = 0; i < snapshot.groups.size(); ++i)
            recordAt(i);
    }
    if (starved.isEmpty())
        return;
    evict(); // make room (10 % of the cap) and try once more
    for (const qsizetype i : std::as_const(starved))
        recordGroup(gateway, snapshot.groups.at(i).id, snapshot.groups.at(i).group, true);
}

void SampleHistory::record(int gateway, const Snapshot &snapshot)
{
    QList<qsizetype> starved;
    for (qsizetype i = 0; i < snapshot.groups.size(); ++i) {
        if (!recordGroup(gateway, snapshot.groups.at(i).key.id(), snapshot.groups.at(i)))
            starved.append(i);
    }
    if (starved.isEmpty())
        return;
    evict();
    for (const qsizetype i : std::as_const(starved))
        recordGroup(gateway, snapshot.groups.at(i).key.id(), snapshot.groups.at(i), true);
}

bool SampleHistory::recordGroup(int gateway, const QString &id, const Group &group, bool retry)
{
    if (group.pushTime <= 0)
        return true; // never pushed successfully: no values
    GroupHistory &history = m_groups[GroupId{gateway, id}];
    if (history.lastPushTime == group.pushTime)
        return true; // not re-pushed since the last poll
    bool complete = true;
    if (!m_since.isValid())
        m_since = QDateTime::currentDateTime();
    const quint64 stamp = ++m_stamp;
    for (const MetricFamily &family : group.families) {
        if (!isScalar(family.type))
            continue;
        // When the cap is reached, known series still get their points but new ones wait
        // for the next eviction: cheap even when thousands of new groups arrive at once.
        auto known = history.families.find(family.name);
        if (known == history.families.end()) {
            if (m_seriesCount >= m_maxSeries) {
                complete = false;
                continue;
            }
            known = history.families.insert(family.name, {});
        }
        QHash<QString, Series> &bySample = *known;
        for (const Sample &sample : family.samples) {
            const QString key = labelsKey(sample.labels);
            auto it = bySample.find(key);
            if (it == bySample.end()) {
                if (m_seriesCount >= m_maxSeries) {
                    complete = false;
                    continue;
                }
                it = bySample.insert(key, Series{});
                it->labels = sample.labels;
                ++m_seriesCount;
            }
            // A re-push may carry an older gateway time stamp after a clock step: keep the
            // ring in ascending time by dropping such a point.
            if (!it->ring.isEmpty()) {
                const int newest = it->head == 0 ? int(it->ring.size()) - 1 : it->head - 1;
                if (it->ring.at(newest).first >= group.pushTime)
                    continue;
            }
            it->append(group.pushTime, sample.value, m_pointsPerSeries);
            it->stamp = stamp;
        }
    }
    // A group that did not fit completely is tried again (at the same push time, which its
    // recorded series ignore) after one eviction; then it waits for its next push.
    if (complete || retry)
        history.lastPushTime = group.pushTime;
    return complete;
}

void SampleHistory::evict()
{
    const int target = std::max(1, m_maxSeries - m_maxSeries / 10);
    const int excess = m_seriesCount - target;
    if (excess <= 0)
        return;
    std::vector<quint64> stamps;
    stamps.reserve(size_t(m_seriesCount));
    for (const GroupHistory &group : std::as_const(m_groups)) {
        if (group.families.isEmpty())
            continue; // begin() of an emptied QHash walks its buckets
        for (const auto &series : group.families) {
            for (const Series &s : series)
                stamps.push_back(s.stamp);
        }
    }
    // Everything stamped at or before the excess-th oldest stamp goes (ties of one push
    // go together, which may drop a few more than needed).
    std::nth_element(stamps.begin(), stamps.begin() + (excess - 1), stamps.end());
    const quint64 cutoff = stamps[size_t(excess - 1)];
    for (GroupHistory &group : m_groups) {
        if (group.families.isEmpty())
            continue;
        for (auto family = group.families.begin(); family != group.families.end();) {
            for (auto s = family->begin(); s != family->end();) {
                if (s->stamp <= cutoff) {
                    s = family->erase(s);
                    --m_seriesCount;
                } else {
                    ++s;
                }
            }
            family = family->isEmpty() ? group.families.erase(family) : std::next(family);
        }
        if (group.families.isEmpty())
            group.families = {}; // frees the buckets, which the next eviction would walk
    }
    // Group entries stay (with their last push time) so an evicted group is recorded
    // again only when it is re-pushed, not re-added on every poll.
}

QList<TimeSeries> SampleHistory::history(int gateway, const GroupingKey &key,
                                         const QString &family) const
{
    QList<TimeSeries> out;
    const auto group = m_groups.constFind(GroupId{gateway, key.id()});
    if (group == m_groups.cend())
        return out;
    const auto series = group->families.constFind(family);
    if (series == group->families.cend())
        return out;
    out.reserve(series->size());
    for (const Series &s : *series)
        out.append(TimeSeries{family, s.labels, s.points()});
    std::sort(out.begin(), out.end(),
              [](const TimeSeries &a, const TimeSeries &b) { return a.labels < b.labels; });
    return out;
}

qint64 SampleHistory::pointCount() const
{
    qint64 points = 0;
    for (const GroupHistory &group : m_groups) {
        for (const auto &series : group.families) {
            for (const Series &s : series)
                points += s.ring.size();
        }
    }
    return points;
}

qint64 SampleHistory::bytesHeld() const
{
    qint64 bytes = 0;
    for (auto group = m_groups.cbegin(); group != m_groups.cend(); ++group) {
        bytes += 2 * group.key().id.size() + qint64(sizeof(GroupHistory));
        for (auto series = group->families.cbegin(); series != group->families.cend(); ++series) {
            bytes += 2 * series.key().size();
            for (auto s = series->cbegin(); s != series->cend(); ++s) {
                bytes += 2 * s.key().size() + qint64(sizeof(Series)) +
                         s->ring.capacity() * qint64(sizeof(QPair<double, double>));
                for (const auto &[name, value] : s->labels)
                    bytes += 2 * (name.size() + value.size());
            }
        }
    }
    return bytes;
}

void SampleHistory::clear()
{
    m_groups.clear();
    m_recordedSerial.clear();
    m_seriesCount = 0;
    m_stamp = 0;
    m_since = {};
}

} // namespace pushscope
