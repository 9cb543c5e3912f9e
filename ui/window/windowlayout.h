#pragma once

#include <QSize>

class QSettings;
class QWidget;

namespace pushscope::ui {

class MainWindow;

// The window's layout kept across runs (QSettings group "window"): geometry, docks and
// toolbar, both splitters, and the table header (column widths, order, hidden columns,
// sort, the grouping labels shown as columns). A saved geometry that no longer fits the screen
// (another monitor, another scale) is fitted into the screen's available area.
void saveWindowLayout(const MainWindow &window, QSettings *settings);
void restoreWindowLayout(MainWindow *window, const QSettings &settings);

// Gives `window` `preferredWidth` × `preferredHeight`, or less where the screen's available
// area (without panels and docks of the desktop) is smaller, and keeps it inside that area.
void fitIntoScreen(QWidget *window, int preferredWidth, int preferredHeight);
// The size a new window asks for on a screen with this available area: 1280×780, or most
// of a larger screen (a 1920×1080 one is not left two-thirds empty).
QSize preferredWindowSize(const QSize &availableArea);
// fitIntoScreen() with preferredWindowSize() of the window's screen.
void fitIntoScreen(QWidget *window);

} // namespace pushscope::ui
