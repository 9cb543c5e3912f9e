#pragma once

#include <QString>

class QMessageBox;
class QWidget;

namespace pushscope::ui {

// The About box: the version (project() VERSION in CMake), the Qt version at build and
// run time, the licence and the homepage.
QString aboutText();

// A non-modal box, deleted on close; showAboutBox() opens it.
QMessageBox *createAboutBox(QWidget *parent);
void showAboutBox(QWidget *parent);

} // namespace pushscope::ui
