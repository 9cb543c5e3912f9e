#pragma once

#include <QComboBox>
#include <chrono>
#include <optional>

class QAction;

namespace pushscope {
class GatewayMonitor;
}

namespace pushscope::ui {

// "Refresh: 5s" in the toolbar: sets every gateway's poll interval at once (2 s to 5 min), or
// "off", which pauses polling as Pause does (F5 still polls). The choice is kept in QSettings
// and applied to gateways added later and at the next start; until the operator picks one,
// each gateway keeps the interval it was given (--interval, or its saved connection).
class RefreshPicker : public QComboBox
{
    Q_OBJECT

public:
    static constexpr const char *kSettingsKey = "refreshIntervalMs";

    RefreshPicker(GatewayMonitor *monitor, QAction *pauseAction, QWidget *parent = nullptr);

    // The interval picked; nullopt for off, or when none was picked yet (see isChosen()).
    std::optional<std::chrono::milliseconds> interval() const;
    bool isChosen() const { return m_chosen; }
    // Selects the item for `interval` (0 ms: off), as if the operator had picked it.
    bool choose(std::chrono::milliseconds interval);

private:
    void apply(int index);
    void applyTo(int gateway);
    void showGatewayInterval();

    GatewayMonitor *m_monitor;
    QAction *m_pause;
    bool m_chosen = false;
    bool m_showing = false; // selecting an item to show, not because the operator picked it
    int m_lastInterval = 1; // the item "on" goes back to when Pause is released while off
};

} // namespace pushscope::ui
