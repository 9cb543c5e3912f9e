#include "offthread.h"

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace pushscope {

void yieldToTheGuiThread()
{
#ifdef Q_OS_LINUX
    static thread_local const bool lowered = [] {
        // On Linux a nice value set for a thread id applies to that thread only.
        constexpr int kBackgroundNice = 5;
        const auto thread = id_t(syscall(SYS_gettid));
        const int current = getpriority(PRIO_PROCESS, thread);
        // Relative to the process' own nice (set by `nice pushscope`, say), at most 19.
        return setpriority(PRIO_PROCESS, thread, std::min(current + kBackgroundNice, 19)) == 0;
    }();
    Q_UNUSED(lowered);
#endif
}

} // namespace pushscope
