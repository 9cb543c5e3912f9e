// decimate(): min/max per pixel column, keeping extremes and both ends.
#include "model/decimate.h"

#include <QRandomGenerator>
#include <QtTest>
#include <cmath>

using namespace pushscope;

using Points = QList<QPair<double, double>>;

namespace {

Points noise(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    Points points;
    double value = 0;
    for (int i = 0; i < count; ++i) {
        value += random.generateDouble() - 0.5;
        points.append({1000.0 + i * 5, value});
    }
    return points;
}

} // namespace

class TestDecimate : public QObject
{
    Q_OBJECT

private slots:
    void keepsExtremesAndEnds_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("11000 to 800") << 11000 << 800 << 1u;
        QTest::newRow("11000 to 50") << 11000 << 50 << 2u;
        QTest::newRow("1000 to 1") << 1000 << 1 << 3u;
        QTest::newRow("just above") << 203 << 100 << 4u;
        QTest::newRow("100000 to 1920") << 100000 << 1920 << 5u;
    }
    void keepsExtremesAndEnds()
    {
        QFETCH(int, count);
        QFETCH(int, columns);
        QFETCH(quint32, seed);
        Points points = noise(count, seed);
        points[count / 3].second = 1e6;  // a spike
        points[count / 2].second = -1e6; // a dip
        const Points out = decimate(points, columns);
        QVERIFY2(out.size() <= 2 * columns + 2, qPrintable(QString::number(out.size())));
        QVERIFY(out.size() < points.size());
        QCOMPARE(out.first(), points.first());
        QCOMPARE(out.last(), points.last());
        QVERIFY(out.contains(points.at(count / 3)));
        QVERIFY(out.contains(points.at(count / 2)));
        for (int i = 1; i < out.size(); ++i)
            QVERIFY(out.at(i - 1).first < out.at(i).first);
        // Every output point is an input point.
        for (const auto &point : out)
            QVERIFY(std::binary_search(points.cbegin(), points.cend(), point));
        // The min and max of every column survive: compare per-column extremes.
        const double t0 = points.first().first;
        const double span = points.last().first - t0;
        QList<double> lowIn(columns, 1e300), highIn(columns, -1e300);
        QList<double> lowOut(columns, 1e300), highOut(columns, -1e300);
        auto column = [&](double t) {
            return std::clamp(int((t - t0) / span * columns), 0, columns - 1);
        };
        for (const auto &[t, v] : points) {
            lowIn[column(t)] = std::min(lowIn[column(t)], v);
            highIn[column(t)] = std::max(highIn[column(t)], v);
        }
        for (const auto &[t, v] : out) {
            lowOut[column(t)] = std::min(lowOut[column(t)], v);
            highOut[column(t)] = std::max(highOut[column(t)], v);
        }
        QCOMPARE(lowOut, lowIn);
        QCOMPARE(highOut, highIn);
    }

    void smallInputIsUnchanged_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::newRow("empty") << 0 << 100;
        QTest::newRow("one") << 1 << 100;
        QTest::newRow("fewer than columns") << 50 << 100;
        QTest::newRow("2 * columns + 2") << 202 << 100;
    }
    void smallInputIsUnchanged()
    {
        QFETCH(int, count);
        QFETCH(int, columns);
        const Points points = noise(count, 7);
        QCOMPARE(decimate(points, columns), points);
    }

    void sameTimeAndNaN()
    {
        Points points;
        for (int i = 0; i < 500; ++i)
            points.append({1000, i % 7 == 0 ? std::nan("") : double(i)});
        points[0].second = 3;
        points[499].second = 4;
        const Points out = decimate(points, 10);
        QVERIFY(out.size() <= 22);
        QCOMPARE(out.first(), points.first());
        QCOMPARE(out.last(), points.last());
        QVERIFY(out.contains(QPair<double, double>{1000, 1}));
        QVERIFY(out.contains(QPair<double, double>{1000, 498}));
        QVERIFY(decimate(points, 0).size() <= 4);
    }
};

QTEST_GUILESS_MAIN(TestDecimate)
#include "tst_decimate.moc"
