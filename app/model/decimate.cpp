#include "decimate.h"

#include <algorithm>
#include <cmath>

namespace pushscope {

QList<QPair<double, double>> decimate(const QList<QPair<double, double>> &points, int columns)
{
    columns = std::max(1, columns);
    const qsizetype n = points.size();
    if (n <= 2 * qsizetype(columns) + 2)
        return points;

    const double t0 = points.first().first;
    const double span = points.last().first - t0;
    QList<QPair<double, double>> out;
    out.reserve(2 * columns + 2);
    out.append(points.first());

    int column = -1;
    qsizetype minIndex = -1;
    qsizetype maxIndex = -1;
    auto flush = [&] {
        if (minIndex < 0)
            return;
        const qsizetype first = std::min(minIndex, maxIndex);
        const qsizetype second = std::max(minIndex, maxIndex);
        out.append(points.at(first));
        if (second != first)
            out.append(points.at(second));
        minIndex = maxIndex = -1;
    };

    for (qsizetype i = 1; i + 1 < n; ++i) {
        const auto &[time, value] = points.at(i);
        int c = span > 0 ? int((time - t0) / span * columns) : 0;
        c = std::clamp(c, 0, columns - 1);
        if (c != column) {
            flush();
            column = c;
        }
        if (std::isnan(value))
            continue;
        if (minIndex < 0) {
            minIndex = maxIndex = i;
            continue;
        }
        if (value < points.at(minIndex).second)
            minIndex = i;
        if (value > points.at(maxIndex).second)
            maxIndex = i;
    }
    flush();
    out.append(points.last());
    return out;
}

} // namespace pushscope
