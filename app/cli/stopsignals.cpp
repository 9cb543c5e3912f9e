#include "stopsignals.h"

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace pushscope {

#ifdef Q_OS_UNIX
namespace {

int g_signalPipe[2] = {-1, -1};

void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

std::unique_ptr<QSocketNotifier> watchStopSignals(std::function<void()> onStop)
{
    if (g_signalPipe[0] < 0) {
        if (::pipe(g_signalPipe) != 0)
            return nullptr;
        for (int fd : g_signalPipe)
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(g_signalPipe[1], F_SETFL, O_NONBLOCK);
    }
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(signal, &action, nullptr);
    auto notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, notifier.get(),
                     [onStop = std::move(onStop)] {
                         char byte;
                         [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
                         onStop();
                     });
    return notifier;
}
#else
std::unique_ptr<QSocketNotifier> watchStopSignals(std::function<void()>)
{
    return nullptr;
}
#endif

} // namespace pushscope
