#pragma once

#include <QByteArray>
#include <QObject>

class QAction;
class QSplitter;
class QWidget;

namespace pushscope::ui {

class ChartPanel;

// The chart's share of the window. A minimum height that keeps its plot readable on the
// screen the window opens on (at least kPlotHeight pixels of plot from a 720 px screen up),
// and View ▸ Maximize chart (Ctrl+Shift+M, also a button on the chart panel), which hides
// the table and the details panel so that the chart has the whole central area, and gives
// the splitters their sizes back when it is turned off.
class ChartRoom : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPlotHeight = 160;

    // `tableSide` is the main splitter's first widget, `details` the side splitter's.
    ChartRoom(ChartPanel *chart, QSplitter *mainSplitter, QSplitter *sideSplitter, QWidget *window);

    QAction *maximizeAction() const { return m_maximize; }
    bool isMaximized() const;
    void setMaximized(bool maximized);
    // The splitters' states to keep across runs: those from before a maximize while it lasts.
    QByteArray mainSplitterState() const;
    QByteArray sideSplitterState() const;

    // The plot height asked for on a screen `screenHeight` logical pixels high; 0 where the
    // screen is too small to ask for any (the window must still fit, e.g. 720 px at scale 2).
    static int minimumPlotHeight(int screenHeight);

private:
    ChartPanel *m_chart;
    QSplitter *m_mainSplitter;
    QSplitter *m_sideSplitter;
    QAction *m_maximize;
    QByteArray m_mainState;
    QByteArray m_sideState;
};

} // namespace pushscope::ui
