#include "thememenu.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>

namespace pushscope::ui {

namespace {

const QString kTheme = QStringLiteral("view/theme");

struct SystemLook {
    QString styleName;
    QPalette palette;
};

// Read once, before any theme changes what QApplication reports.
const SystemLook &systemLook()
{
    static const SystemLook look{QApplication::style()->name(), QApplication::palette()};
    return look;
}

} // namespace

QPalette systemPalette()
{
    return systemLook().palette;
}

bool systemIsDark()
{
    return systemPalette().color(QPalette::Window).lightness() < 128;
}

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(45, 47, 51);
    const QColor base(30, 31, 34);
    const QColor text(225, 227, 230);
    const QColor disabled(125, 128, 133);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(255, 100, 100));
    palette.setColor(QPalette::Link, QColor(110, 170, 255));
    palette.setColor(QPalette::LinkVisited, QColor(170, 140, 255));
    palette.setColor(QPalette::Highlight, QColor(42, 110, 190));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Light, QColor(70, 72, 77));
    palette.setColor(QPalette::Midlight, QColor(58, 60, 64));
    palette.setColor(QPalette::Mid, QColor(38, 39, 42));
    palette.setColor(QPalette::Dark, QColor(22, 23, 25));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabled);
    return palette;
}

void applyTheme(Theme theme)
{
    const SystemLook &system = systemLook();
    if (theme == Theme::System) {
        QApplication::setStyle(system.styleName);
        QApplication::setPalette(system.palette);
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(theme == Theme::Dark ? darkPalette()
                                                  : QApplication::style()->standardPalette());
}

QMenu *createThemeMenu(QWidget *parent)
{
    auto *menu = new QMenu(QObject::tr("&Theme"), parent);
    menu->setObjectName(QStringLiteral("themeMenu"));
    auto *group = new QActionGroup(menu);
    const Theme saved = Theme(std::clamp(QSettings().value(kTheme, 0).toInt(), 0, 2));
    const QList<QPair<QString, Theme>> choices = {
        {QObject::tr("Follow the &system"), Theme::System},
        {QObject::tr("&Light"), Theme::Light},
        {QObject::tr("&Dark"), Theme::Dark}};
    for (const auto &[text, theme] : choices) {
        QAction *action = group->addAction(text);
        action->setCheckable(true);
        action->setChecked(theme == saved);
        action->setData(int(theme));
        menu->addAction(action);
    }
    systemLook(); // before the first change
    if (saved != Theme::System)
        applyTheme(saved);
    QObject::connect(group, &QActionGroup::triggered, menu, [](QAction *action) {
        applyTheme(Theme(action->data().toInt()));
        QSettings().setValue(kTheme, action->data().toInt());
    });
    return menu;
}

} // namespace pushscope::ui
