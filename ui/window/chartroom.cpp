#include "chartroom.h"

#include "chart/chartpanel.h"
#include "chart/chartwidget.h"
#include "paletteicon.h"

#include <QAction>
#include <QIcon>
#include <QScreen>
#include <QSplitter>
#include <QToolButton>
#include <algorithm>

namespace pushscope::ui {

namespace {

// What the window needs besides the plot on a 720 px screen: menu, toolbar, filter bar,
// status bar, the chart's controls, axes and legend.
constexpr int kRestOfTheWindow = 560;

} // namespace

ChartRoom::ChartRoom(ChartPanel *chart, QSplitter *mainSplitter, QSplitter *sideSplitter,
                     QWidget *window)
    : QObject(window)
    , m_chart(chart)
    , m_mainSplitter(mainSplitter)
    , m_sideSplitter(sideSplitter)
{
    const int screenHeight =
        window->screen() ? window->screen()->availableGeometry().height() : 720;
    // Below this a chart is only "…" labels: the details panel scrolls instead.
    m_chart->setMinimumHeight(std::clamp(screenHeight / 3, 100, 220));
    m_chart->chart()->setMinimumPlotHeight(minimumPlotHeight(screenHeight));

    m_maximize = new QAction(paletteIcon(QStringLiteral(":/icons/maximize.svg")),
                             tr("&Maximize Chart"), this);
    m_maximize->setObjectName(QStringLiteral("maximizeChartAction"));
    m_maximize->setCheckable(true);
    m_maximize->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_maximize->setToolTip(tr("Give the chart the whole area, hiding the table (Ctrl+Shift+M)"));
    connect(m_maximize, &QAction::toggled, this, &ChartRoom::setMaximized);
    window->addAction(m_maximize); // its shortcut works with the menus closed

    auto *button = new QToolButton(m_chart);
    button->setObjectName(QStringLiteral("maximizeChartButton"));
    button->setDefaultAction(m_maximize);
    button->setAutoRaise(true);
    m_chart->addControl(button);
}

int ChartRoom::minimumPlotHeight(int screenHeight)
{
    return std::clamp(screenHeight - kRestOfTheWindow, 0, kPlotHeight);
}

bool ChartRoom::isMaximized() const
{
    return !m_mainState.isEmpty();
}

void ChartRoom::setMaximized(bool maximized)
{
    if (maximized == isMaximized())
        return;
    QWidget *tableSide = m_mainSplitter->widget(0);
    QWidget *details = m_sideSplitter->widget(0);
    if (maximized) {
        m_mainState = m_mainSplitter->saveState();
        m_sideState = m_sideSplitter->saveState();
        tableSide->hide();
        details->hide();
    } else {
        tableSide->show();
        details->show();
        m_mainSplitter->restoreState(m_mainState);
        m_sideSplitter->restoreState(m_sideState);
        m_mainState.clear();
        m_sideState.clear();
    }
    m_maximize->setChecked(maximized);
}

QByteArray ChartRoom::mainSplitterState() const
{
    return isMaximized() ? m_mainState : m_mainSplitter->saveState();
}

QByteArray ChartRoom::sideSplitterState() const
{
    return isMaximized() ? m_sideState : m_sideSplitter->saveState();
}

} // namespace pushscope::ui
