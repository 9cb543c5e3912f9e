#include "sandboxserver.h"

#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace pushscope {

namespace {

constexpr int kMaxAttempts = 5;
constexpr int kPollIntervalMs = 200;

// A free port on 127.0.0.1, never one already handed out in this process (two sandboxes
// at once must not race for the same port; a clash with another process is retried).
quint16 freeLoopbackPort()
{
    static QMutex mutex;
    static QSet<quint16> handedOut;
    const QMutexLocker lock(&mutex);
    for (int i = 0; i < 20; ++i) {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost, 0))
            return 0;
        const quint16 port = server.serverPort();
        if (!handedOut.contains(port)) {
            handedOut.insert(port);
            return port;
        }
    }
    return 0;
}

} // namespace

SandboxServer::SandboxServer(QString binaryName, QString package, QObject *parent)
    : QObject(parent)
    , m_binaryName(std::move(binaryName))
    , m_package(std::move(package))
{
    m_http.setTimeout(std::chrono::seconds(2));
    m_pollTimer.setSingleShot(true);
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &SandboxServer::poll);
}

SandboxServer::~SandboxServer()
{
    terminate();
    finish(QDeadlineTimer(3000));
}

QString SandboxServer::resolveBinary(QString *error) const
{
    if (!m_configuredBinary.isEmpty()) {
        const QFileInfo info(m_configuredBinary);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        *error = QStringLiteral("%1 was not found at %2; install the Debian package %3 or "
                                "give the right path.")
                     .arg(m_binaryName, m_configuredBinary, m_package);
        return {};
    }
    QString path = QStandardPaths::findExecutable(m_binaryName);
    const QString usrBin = QStringLiteral("/usr/bin/") + m_binaryName;
    if (path.isEmpty() && QFileInfo(usrBin).isExecutable())
        path = usrBin;
    if (path.isEmpty())
        *error = QStringLiteral("%1 is not installed; install the Debian package %2 "
                                "(sudo apt install %2).")
                     .arg(m_binaryName, m_package);
    return path;
}

void SandboxServer::start(ArgumentsForPort arguments, std::chrono::milliseconds readyTimeout)
{
    m_arguments = std::move(arguments);
    m_readyTimeout = readyTimeout;
    m_deadline = QDeadlineTimer(readyTimeout);
    m_attempts = 0;
    m_ready = false;
    m_stopping = false;
    m_done = false;
    QString error;
    m_binary = resolveBinary(&error);
    if (m_binary.isEmpty()) {
        // Asynchronous like every other outcome, so callers can connect after start().
        QTimer::singleShot(0, this, [this, error] { fail(error); });
        return;
    }
    launch();
}

void SandboxServer::launch()
{
    ++m_attempts;
    m_port = freeLoopbackPort();
    delete m_process;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
    // The child gets SIGKILL when the thread that started it ends, so no server outlives
    // PushScope, even when PushScope itself is killed. (Sandboxes live on the main thread.)
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the parent died before prctl took effect
            ::_exit(127);
    });
#endif
    connect(m_process, &QProcess::readyRead, this, &SandboxServer::readOutput);
    connect(m_process, &QProcess::finished, this, &SandboxServer::processFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(QStringLiteral("Cannot start %1: %2").arg(m_binary, m_process->errorString()));
    });
    appendLog(QStringLiteral("--- %1 on 127.0.0.1:%2\n").arg(m_binaryName).arg(m_port).toUtf8());
    m_process->start(m_binary, m_arguments(m_port));
    m_pid = m_process->processId();
    m_pollTimer.start();
}

void SandboxServer::poll()
{
    if (m_done || !isRunning())
        return;
    if (m_deadline.hasExpired()) {
        fail(QStringLiteral("%1 did not become ready within %2 s.")
                 .arg(m_binaryName)
                 .arg(m_readyTimeout.count() / 1000.0));
        return;
    }
    m_http.get(QUrl(url() + QStringLiteral("/-/ready")), [this](const HttpResult &result) {
        if (m_done)
            return;
        if (result.httpStatus == 200) {
            m_ready = true;
            m_done = true;
            Q_EMIT ready();
            return;
        }
        m_pollTimer.start();
    });
}

void SandboxServer::readOutput()
{
    if (m_process)
        appendLog(m_process->readAll());
}

void SandboxServer::processFinished()
{
    readOutput();
    if (m_stopping)
        return;
    const QString lastLines = m_logLines.mid(qMax(0, m_logLines.size() - 3)).join(u' ');
    if (m_ready) {
        m_ready = false;
        Q_EMIT crashed(QStringLiteral("%1 stopped unexpectedly: %2").arg(m_binaryName, lastLines));
        return;
    }
    if (m_done)
        return;
    if (lastLines.contains(QStringLiteral("address already in use")) && m_attempts < kMaxAttempts &&
        !m_deadline.hasExpired()) {
        m_pollTimer.stop();
        m_http.abortAll();
        launch(); // someone else took the port meanwhile: another one
        return;
    }
    fail(QStringLiteral("%1 exited at start: %2").arg(m_binaryName, lastLines));
}

void SandboxServer::fail(const QString &sentence)
{
    if (m_done)
        return;
    m_done = true;
    m_pollTimer.stop();
    m_http.abortAll();
    terminate();
    finish(QDeadlineTimer(3000));
    Q_EMIT failed(sentence);
}

void SandboxServer::terminate()
{
    m_stopping = true;
    m_ready = false;
    m_pollTimer.stop();
    m_http.abortAll();
    if (isRunning())
        m_process->terminate();
}

void SandboxServer::finish(QDeadlineTimer deadline)
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning &&
        !m_process->waitForFinished(int(qMax<qint64>(0, deadline.remainingTime())))) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    readOutput();
    m_process->disconnect(this);
    m_process->deleteLater();
    m_process = nullptr;
}

QString SandboxServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QString SandboxServer::log() const
{
    QString text = m_logLines.join(u'\n');
    if (!m_partialLine.isEmpty())
        text += u'\n' + QString::fromUtf8(m_partialLine);
    return text;
}

void SandboxServer::appendLog(const QByteArray &bytes)
{
    m_partialLine += bytes;
    qsizetype start = 0;
    for (qsizetype newline = m_partialLine.indexOf('\n'); newline >= 0;
         newline = m_partialLine.indexOf('\n', start)) {
        m_logLines.append(QString::fromUtf8(m_partialLine.mid(start, newline - start)));
        start = newline + 1;
    }
    m_partialLine.remove(0, start);
    if (m_logLines.size() > kMaxLogLines)
        m_logLines.remove(0, m_logLines.size() - kMaxLogLines);
}

} // namespace pushscope
