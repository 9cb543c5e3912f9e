#include "cli/guioptions.h"
#include "cli/headless.h"
#include "window/guiapp.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>
#include <cstdio>

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("PushScope"));
    QCoreApplication::setApplicationName(QStringLiteral("pushscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PUSHSCOPE_VERSION));
}

QStringList rawArguments(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char *argv[])
{
    setApplicationNames();
    const QStringList arguments = rawArguments(argc, argv);
    if (pushscope::isHeadlessInvocation(arguments)) {
        QCoreApplication app(argc, argv);
        return pushscope::runHeadless(QCoreApplication::arguments());
    }

    pushscope::GuiOptions options;
    QString error;
    QString help;
    switch (pushscope::parseGuiOptions(arguments, &options, &error, &help)) {
    case pushscope::GuiParse::ShowHelp:
        std::fputs(qUtf8Printable(help), stdout);
        return 0;
    case pushscope::GuiParse::Error:
        std::fprintf(stderr, "pushscope: %s\nTry 'pushscope --help'.\n", qUtf8Printable(error));
        return 2;
    case pushscope::GuiParse::Run:
        break;
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("io.github.pushscope.PushScope"));
    // The user's language if there is a translation, else English (for the plural forms).
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("pushscope"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")) ||
        translator.load(QStringLiteral("pushscope_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    return pushscope::ui::runGui(options);
}
