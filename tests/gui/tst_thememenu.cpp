// View ▸ Theme: Dark gives the application a dark palette (Fusion), Light a light one, System
// the desktop's again; the choice is kept in QSettings and applied when the menu is created.
#include "window/paletteicon.h"
#include "window/thememenu.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace pushscope;

class TestThemeMenu : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void choicesChangeThePalette();
    void savedChoiceIsApplied();
    void toolbarIconsFollowTheTheme();

private:
    QAction *choice(QMenu *menu, ui::Theme theme) const;
    QTemporaryDir m_dir;
};

void TestThemeMenu::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("PushScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_thememenu"));
}

QAction *TestThemeMenu::choice(QMenu *menu, ui::Theme theme) const
{
    for (QAction *action : menu->actions())
        if (action->data().toInt() == int(theme))
            return action;
    return nullptr;
}

void TestThemeMenu::choicesChangeThePalette()
{
    QWidget parent;
    QMenu *menu = ui::createThemeMenu(&parent);
    QCOMPARE(menu->actions().size(), 3);
    QVERIFY(choice(menu, ui::Theme::System)->isChecked());
    const QColor systemWindow = ui::systemPalette().color(QPalette::Window);

    choice(menu, ui::Theme::Dark)->trigger();
    QVERIFY2(QApplication::palette().color(QPalette::Window).lightness() < 80,
             qPrintable(QApplication::palette().color(QPalette::Window).name()));
    QVERIFY(QApplication::palette().color(QPalette::Text).lightness() > 180);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toInt(), int(ui::Theme::Dark));

    choice(menu, ui::Theme::Light)->trigger();
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);

    choice(menu, ui::Theme::System)->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window), systemWindow);
    QCOMPARE(ui::systemIsDark(), systemWindow.lightness() < 128);
}

void TestThemeMenu::savedChoiceIsApplied()
{
    QSettings().setValue(QStringLiteral("view/theme"), int(ui::Theme::Dark));
    QWidget parent;
    QMenu *menu = ui::createThemeMenu(&parent);
    QVERIFY(choice(menu, ui::Theme::Dark)->isChecked());
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    ui::applyTheme(ui::Theme::System);
}

namespace {

// The lightness of the icon's opaque pixels, averaged: its colour, whatever the SVG says.
int inkLightness(const QIcon &icon, QIcon::Mode mode = QIcon::Normal)
{
    const QImage image = icon.pixmap(QSize(24, 24), mode).toImage();
    qint64 sum = 0;
    int inked = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.alpha() > 200) {
                sum += pixel.lightness();
                ++inked;
            }
        }
    return inked > 20 ? int(sum / inked) : -1;
}

} // namespace

// The toolbar's one-colour icons take the palette's text colour: dark on the light theme,
// light on the dark one, where the SVGs' slate grey would hardly show.
void TestThemeMenu::toolbarIconsFollowTheTheme()
{
    const QIcon refresh = ui::paletteIcon(QStringLiteral(":/icons/refresh.svg"));
    ui::applyTheme(ui::Theme::Light);
    const int onLight = inkLightness(refresh);
    QVERIFY2(onLight >= 0 && onLight < 90, qPrintable(QString::number(onLight)));
    ui::applyTheme(ui::Theme::Dark);
    const int onDark = inkLightness(refresh);
    QVERIFY2(onDark > 150, qPrintable(QString::number(onDark)));
    const int disabled = inkLightness(refresh, QIcon::Disabled);
    QVERIFY2(disabled > 0 && disabled < onDark, qPrintable(QString::number(disabled)));
    for (const char *name : {"pause", "delete", "maximize"})
        QVERIFY2(inkLightness(ui::paletteIcon(
                     QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)))) > 150,
                 name);
    ui::applyTheme(ui::Theme::System);
}

QTEST_MAIN(TestThemeMenu)
#include "tst_thememenu.moc"
