// The About box (version from project(), Qt at run time, licence, homepage), the Help menu
// that opens it, and the English translation with its plural forms. Offscreen platform.
// PUSHSCOPE_ABOUT_SCREENSHOT=<file.png> saves a picture of the box.

#include "model/gatewaymonitor.h"
#include "window/aboutbox.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTest>
#include <QTranslator>

using pushscope::GatewayMonitor;
using pushscope::ui::MainWindow;

class TestAboutBox : public QObject
{
    Q_OBJECT

private slots:
    void textNamesVersionQtLicenceAndHomepage();
    void helpMenuOpensTheBox();
    void englishTranslationHasPluralForms();
};

void TestAboutBox::textNamesVersionQtLicenceAndHomepage()
{
    const QString text = pushscope::ui::aboutText();
    QVERIFY(text.contains(QStringLiteral("PushScope " PUSHSCOPE_VERSION)));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(QStringLiteral("MIT")));
    QVERIFY(text.contains(QStringLiteral("<a href=\"" PUSHSCOPE_HOMEPAGE_URL "\">")));

    QMessageBox *box = pushscope::ui::createAboutBox(nullptr);
    box->show();
    QVERIFY(QTest::qWaitForWindowExposed(box));
    QCOMPARE(box->windowTitle(), QStringLiteral("About PushScope"));
    QVERIFY(!box->iconPixmap().isNull());
    const QString screenshot = qEnvironmentVariable("PUSHSCOPE_ABOUT_SCREENSHOT");
    if (!screenshot.isEmpty())
        QVERIFY(box->grab().save(screenshot, "PNG"));
    box->close(); // WA_DeleteOnClose
}

void TestAboutBox::helpMenuOpensTheBox()
{
    GatewayMonitor monitor;
    MainWindow window(&monitor);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *about = window.findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    bool inMenuBar = false;
    for (QAction *menuAction : window.menuBar()->actions()) {
        if (menuAction->menu() && menuAction->menu()->actions().contains(about))
            inMenuBar = true;
    }
    QVERIFY(inMenuBar);
    about->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("aboutBox"))));
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral(PUSHSCOPE_VERSION)));
    box->close();
}

void TestAboutBox::englishTranslationHasPluralForms()
{
    QTranslator translator;
    QVERIFY2(translator.load(QStringLiteral(PUSHSCOPE_EN_QM)), PUSHSCOPE_EN_QM);
    QCOMPARE(translator.translate("pushscope::ui::MainWindow", "%n group(s)", nullptr, 1),
             QStringLiteral("%n group"));
    QCOMPARE(translator.translate("pushscope::ui::MainWindow", "%n group(s)", nullptr, 3),
             QStringLiteral("%n groups"));
}

QTEST_MAIN(TestAboutBox)
#include "tst_aboutbox.moc"
