// runOffThread(): the work runs on a pool thread, its result comes back on the caller's
// thread, and (on Linux) the pool thread yields to the GUI thread: a lower scheduling weight
// (nice) than the thread that asked, so parsing big replies on two cores leaves the event
// loop a core.
#include "net/offthread.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace pushscope;

class TestOffThread : public QObject
{
    Q_OBJECT

private slots:
    void resultComesBackOnTheCallersThread();
    void poolThreadYieldsToTheGuiThread();
};

void TestOffThread::resultComesBackOnTheCallersThread()
{
    QThread *worker = nullptr;
    QThread *deliveredOn = nullptr;
    int result = 0;
    runOffThread(
        this,
        [&worker] {
            worker = QThread::currentThread();
            return 42;
        },
        [&](int value) {
            deliveredOn = QThread::currentThread();
            result = value;
        });
    QTRY_COMPARE(result, 42);
    QVERIFY(worker != QThread::currentThread());
    QCOMPARE(deliveredOn, QThread::currentThread());
}

void TestOffThread::poolThreadYieldsToTheGuiThread()
{
#ifdef Q_OS_LINUX
    const auto niceOfThisThread = [] {
        return getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
    };
    const int guiNice = niceOfThisThread();
    if (guiNice >= 19)
        QSKIP("this process already runs at the lowest priority");
    int workerNice = -100;
    runOffThread(this, niceOfThisThread, [&](int value) { workerNice = value; });
    QTRY_VERIFY(workerNice != -100);
    QVERIFY2(workerNice > guiNice,
             qPrintable(QStringLiteral("worker %1, GUI thread %2").arg(workerNice).arg(guiNice)));
    QCOMPARE(niceOfThisThread(), guiNice); // the caller's own weight is left alone
#else
    QSKIP("thread priorities are only lowered on Linux");
#endif
}

QTEST_GUILESS_MAIN(TestOffThread)
#include "tst_offthread.moc"
