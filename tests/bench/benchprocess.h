#pragma once

// What the benchmarks that time whole processes and raw fetches share.

#include <QStringList>
#include <QtGlobal>

namespace pushscope::bench {

struct Run {
    double ms = -1;
    double peakRssMb = 0;
    double cpuMs = 0; // user + system time of a subprocess: its own work, whatever the load
    bool ok = false;
};

// Runs `program` with stdout to `output` (stderr kept) and waits; its own peak RSS from wait4.
Run runProcess(const QStringList &command, const char *output = "/dev/null");

// GET of `path` on a plain socket to 127.0.0.1:port, HTTP/1.0 so that the server closes when
// the body is done: the least a client can do.
Run rawFetch(quint16 port, qint64 *bytesRead, const char *path = "/api/v1/metrics");

// This process's peak and current resident set sizes in KiB (VmHWM, VmRSS), -1 if unknown.
qint64 peakRssKb();
qint64 currentRssKb();

} // namespace pushscope::bench
