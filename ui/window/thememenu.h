#pragma once

#include <QPalette>

class QMenu;
class QWidget;

namespace pushscope::ui {

enum class Theme { System, Light, Dark };

// View ▸ Theme: System, Light or Dark, kept in QSettings ("view/theme"). Creating the menu
// applies the saved choice; choosing applies and saves. Light and Dark use the Fusion style
// with its light palette or a dark one; System gives back the style and palette the desktop
// gave the application (Qt 6.4 has no QStyleHints::colorScheme: a dark desktop shows as a
// dark window palette, which System keeps).
QMenu *createThemeMenu(QWidget *parent);

void applyTheme(Theme theme);
// The palette and "dark or not" of the desktop, as the application started with them.
QPalette systemPalette();
bool systemIsDark();
QPalette darkPalette();

} // namespace pushscope::ui
