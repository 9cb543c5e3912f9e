#pragma once

// What every benchmark in tests/bench shares: printing a line as it is measured, and the
// median of repeated runs.

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <cstdio>

namespace pushscope::bench {

inline void say(const QString &text)
{
    std::printf("%s\n", qUtf8Printable(text));
    std::fflush(stdout);
}

// Runs `work` `runs` times and returns the median wall-clock time in milliseconds.
template<typename F> double medianMs(int runs, F work)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.append(timer.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

// The value after `option` on the command line, or `fallback`.
inline QString argumentAfter(const QStringList &arguments, const QString &option,
                             const QString &fallback)
{
    const qsizetype at = arguments.indexOf(option);
    return at > 0 && at + 1 < arguments.size() ? arguments.at(at + 1) : fallback;
}

} // namespace pushscope::bench
