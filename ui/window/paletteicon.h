#pragma once

#include <QIcon>
#include <QString>

namespace pushscope::ui {

// A one-colour icon (refresh, pause, delete, maximize) drawn in the text colour of the
// application's current palette, so it reads on a light and a dark theme alike. The SVG's
// own colour only gives the shape; disabled icons take the palette's disabled text colour.
// The colour is looked up at every paint, so switching the theme repaints them right.
QIcon paletteIcon(const QString &resource);

} // namespace pushscope::ui
