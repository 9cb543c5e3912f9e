#pragma once

class QAction;
class QObject;

namespace pushscope::ui {

// View ▸ Show times in UTC: a checkable action for the process-wide switch of
// formatTimestamp(), kept in QSettings ("view/timesInUtc"). Creating it applies the saved
// choice; toggling it applies and saves the new one (the window then repaints what shows
// times).
QAction *createUtcAction(QObject *parent);

} // namespace pushscope::ui
