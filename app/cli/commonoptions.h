#pragma once

#include "groupselection.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <chrono>

namespace pushscope {

// Options every headless command shares: gateways, timeout and group selection.
class CommonOptions
{
public:
    explicit CommonOptions(QCommandLineParser *parser);

    // Reads the parsed options; false with a sentence on bad usage.
    bool read(QString *error);

    QList<GatewayEndpoint> gateways;
    std::chrono::milliseconds timeout{10000};
    GroupFilter filter;

private:
    QCommandLineParser *m_parser;
    QCommandLineOption m_gateway;
    QCommandLineOption m_timeout;
    QCommandLineOption m_match;
    QCommandLineOption m_olderThan;
    QCommandLineOption m_outcome;
    QCommandLineOption m_staleAfter;
};

// Exit codes of every headless command.
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Writes to standard output / standard error, unbuffered enough for scripts.
void writeOut(const QByteArray &bytes);
void writeErr(const QString &text);
int usageError(const QString &command, const QString &error);

} // namespace pushscope
