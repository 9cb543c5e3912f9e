#include "headless.h"

#include "advisecommand.h"
#include "commonoptions.h"
#include "deletecommand.h"
#include "listcommand.h"
#include "restorecommand.h"
#include "rulescommand.h"
#include "sandboxcommand.h"

#include <QCoreApplication>

namespace pushscope {

namespace {

QString firstPositional(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (!arguments.at(i).startsWith(QLatin1Char('-')))
            return arguments.at(i);
        if (arguments.at(i) == u"--")
            break;
    }
    return {};
}

const QString kCommandsHelp = QStringLiteral(
    "Usage: pushscope [--gateway URL]... [options]       open the dashboard\n"
    "       pushscope list --gateway URL [options]       list groups (table, json, csv)\n"
    "       pushscope delete --gateway URL SELECTOR...   delete groups exactly, backed up\n"
    "       pushscope restore --list | ID                list or push back deleted groups\n"
    "       pushscope rules --gateway URL [-o FILE]      Prometheus alert rules for the jobs\n"
    "       pushscope advise --gateway URL [--prometheus URL]  usage advice, with evidence\n"
    "       pushscope sandbox [--jobs demo|none]         local gateway + Prometheus + demo jobs\n"
    "\n"
    "Run 'pushscope COMMAND --help' for a command's options, or 'pushscope --help' for\n"
    "the dashboard's.\n");

} // namespace

bool isHeadlessInvocation(const QStringList &arguments)
{
    const QString command = firstPositional(arguments);
    if (command == u"list" || command == u"delete" || command == u"restore" ||
        command == u"rules" || command == u"advise" || command == u"sandbox")
        return true;
    return arguments.contains(QStringLiteral("--version")) ||
           arguments.contains(QStringLiteral("-v"));
}

int runHeadless(const QStringList &arguments)
{
    const QString command = firstPositional(arguments);
    if (command == u"list")
        return runListCommand(arguments);
    if (command == u"delete")
        return runDeleteCommand(arguments);
    if (command == u"restore")
        return runRestoreCommand(arguments);
    if (command == u"rules")
        return runRulesCommand(arguments);
    if (command == u"advise")
        return runAdviseCommand(arguments);
    if (command == u"sandbox")
        return runSandboxCommand(arguments);
    if (arguments.contains(QStringLiteral("--version")) ||
        arguments.contains(QStringLiteral("-v"))) {
        writeOut(QStringLiteral("pushscope %1 (Qt %2)\n")
                     .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()))
                     .toUtf8());
        return ExitOk;
    }
    writeErr(kCommandsHelp);
    return ExitUsage;
}

} // namespace pushscope
