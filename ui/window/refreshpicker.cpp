#include "refreshpicker.h"

#include "model/gatewaymonitor.h"

#include <QAction>
#include <QSettings>

namespace pushscope::ui {

using namespace std::chrono_literals;

RefreshPicker::RefreshPicker(GatewayMonitor *monitor, QAction *pauseAction, QWidget *parent)
    : QComboBox(parent)
    , m_monitor(monitor)
    , m_pause(pauseAction)
{
    setObjectName(QStringLiteral("refreshPicker"));
    setToolTip(tr("How often every gateway is polled; off pauses polling (F5 still polls)"));
    for (auto [text, interval] :
         {std::pair{"2s", 2s}, {"5s", 5s}, {"10s", 10s}, {"30s", 30s}, {"1m", 60s}, {"5m", 300s}})
        addItem(tr("Refresh: %1").arg(QLatin1String(text)),
                qlonglong(std::chrono::milliseconds(interval).count()));
    addItem(tr("Refresh: off"), qlonglong(0));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);

    // A saved pick applies to the gateways as they are added; polling has not started yet.
    const QVariant saved = QSettings().value(QLatin1String(kSettingsKey));
    const int savedIndex = saved.isValid() ? findData(saved.toLongLong()) : -1;
    if (savedIndex >= 0) {
        m_chosen = true;
        setCurrentIndex(savedIndex);
        if (saved.toLongLong() == 0)
            pauseAction->setChecked(true);
        else
            m_lastInterval = savedIndex;
        for (int gateway = 0; gateway < monitor->gatewayCount(); ++gateway)
            applyTo(gateway);
    } else {
        showGatewayInterval();
    }
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_showing)
            choose(std::chrono::milliseconds(itemData(index).toLongLong()));
    });
    connect(monitor, &GatewayMonitor::gatewayAdded, this, [this](int gateway) {
        if (m_chosen)
            applyTo(gateway);
        else
            showGatewayInterval();
    });
    // Releasing Pause while "off" is shown turns polling back on at the last interval.
    connect(pauseAction, &QAction::toggled, this, [this](bool paused) {
        if (!paused && m_chosen && itemData(currentIndex()).toLongLong() == 0)
            setCurrentIndex(m_lastInterval);
    });
}

bool RefreshPicker::choose(std::chrono::milliseconds interval)
{
    const int index = findData(qlonglong(interval.count()));
    if (index < 0)
        return false;
    m_chosen = true;
    m_showing = true;
    setCurrentIndex(index);
    m_showing = false;
    QSettings().setValue(QLatin1String(kSettingsKey), qlonglong(interval.count()));
    apply(index);
    return true;
}

std::optional<std::chrono::milliseconds> RefreshPicker::interval() const
{
    const qlonglong ms = itemData(currentIndex()).toLongLong();
    if (!m_chosen || ms == 0)
        return std::nullopt;
    return std::chrono::milliseconds(ms);
}

void RefreshPicker::apply(int index)
{
    const qlonglong ms = itemData(index).toLongLong();
    if (ms == 0) {
        m_pause->setChecked(true);
        return;
    }
    m_lastInterval = index;
    for (int gateway = 0; gateway < m_monitor->gatewayCount(); ++gateway)
        applyTo(gateway);
    if (m_pause->isChecked())
        m_pause->setChecked(false); // polls at once
    else if (m_monitor->gatewayCount() > 0)
        m_monitor->refreshAll(); // a wait armed with the old interval would otherwise run out
}

void RefreshPicker::applyTo(int gateway)
{
    const qlonglong ms = itemData(currentIndex()).toLongLong();
    if (ms > 0)
        m_monitor->poller(gateway)->setInterval(std::chrono::milliseconds(ms));
}

// Before a pick: the first gateway's own interval, when it is one of the items.
void RefreshPicker::showGatewayInterval()
{
    if (m_monitor->gatewayCount() == 0)
        return;
    const int index = findData(qlonglong(m_monitor->poller(0)->interval().count()));
    if (index < 0)
        return;
    m_showing = true;
    setCurrentIndex(index);
    m_showing = false;
}

} // namespace pushscope::ui
