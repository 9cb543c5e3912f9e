#pragma once

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThreadPool>
#include <memory>
#include <type_traits>

namespace pushscope {

// Gives the calling pool thread a lower scheduling weight than the GUI thread (Linux: nice +5
// for this thread alone; elsewhere nothing), once per thread: on a machine with few cores,
// parsing five large replies at once must not keep the event loop waiting for a core.
void yieldToTheGuiThread();

// Runs `work` on the global thread pool and calls `done` with its result on `context`'s
// thread; `done` is dropped if `context` is destroyed first. For parsing large replies
// without the GUI thread waiting.
template<typename Work, typename Done> void runOffThread(QObject *context, Work work, Done done)
{
    using Result = std::decay_t<std::invoke_result_t<Work &>>;
    auto promise = std::make_shared<QPromise<Result>>();
    QFuture<Result> future = promise->future();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        yieldToTheGuiThread();
        promise->start();
        promise->addResult(work());
        promise->finish();
    });
    future.then(context, [done = std::move(done)](const Result &result) mutable { done(result); });
}

} // namespace pushscope
