#pragma once

#include <QSocketNotifier>
#include <functional>
#include <memory>

namespace pushscope {

// Calls `onStop` (on the calling thread's event loop) when the process gets SIGINT, SIGTERM
// or SIGHUP, so that it ends as after Quit: sandbox servers stopped, temporary folders
// removed. The handler only writes to a self-pipe (nothing else is safe in a handler).
// The returned notifier must outlive the event loop; null where signals are not supported.
std::unique_ptr<QSocketNotifier> watchStopSignals(std::function<void()> onStop);

} // namespace pushscope
