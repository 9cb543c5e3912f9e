#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace pushscope {
class GatewayMonitor;
}

namespace pushscope::ui {

// An inline strip above the table naming every gateway whose last poll failed, why, and
// since when its rows are out of date, and every gateway whose clock is not believed.
// Hidden while every gateway is fine.
class GatewayBanner : public QWidget
{
    Q_OBJECT

public:
    explicit GatewayBanner(GatewayMonitor *monitor, QWidget *parent = nullptr);
    void update();
    QString text() const;

signals:
    void retryRequested();

private:
    GatewayMonitor *m_monitor;
    QLabel *m_icon;
    QLabel *m_label;
    QPushButton *m_retry;
};

} // namespace pushscope::ui
