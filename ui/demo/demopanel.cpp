#include "demopanel.h"

#include "democontroller.h"
#include "model/gatewaymonitor.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace pushscope::ui {

namespace {

QPlainTextEdit *logView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

DemoPanel::DemoPanel(GatewayMonitor *monitor, QWidget *parent)
    : QDockWidget(tr("Demo"), parent)
    , m_monitor(monitor)
    , m_controller(new DemoController(monitor, this))
{
    setObjectName(QStringLiteral("demoPanel"));
    toggleViewAction()->setText(tr("&Demo"));
    toggleViewAction()->setToolTip(
        tr("A local sandbox gateway and simulated batch jobs pushing to it"));

    auto *body = new QWidget(this);
    m_status = new QLabel(body);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sandboxButton = new QPushButton(body);
    m_logsButton = new QPushButton(tr("Show server logs"), body);
    m_targetBox = new QComboBox(body);
    m_targetBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_jobsButton = new QPushButton(body);
    m_log = logView(body);
    m_log->setMaximumBlockCount(1000);
    m_log->setMinimumHeight(3 * fontMetrics().height());
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    m_sandboxLabel = new QLabel(tr("Sandbox:"), body);
    m_targetLabel = new QLabel(tr("Simulated jobs push to:"), body);
    setWidget(body);
    setCompact(false);

    connect(m_sandboxButton, &QPushButton::clicked, this, [this] {
        const Sandbox::State state = m_controller->sandboxState();
        if (state == Sandbox::State::Starting || state == Sandbox::State::Ready)
            m_controller->stopSandbox();
        else
            m_controller->startSandbox();
    });
    connect(m_logsButton, &QPushButton::clicked, this, &DemoPanel::showServerLogs);
    connect(m_jobsButton, &QPushButton::clicked, this, [this] {
        if (m_controller->jobsRunning())
            m_controller->stopJobs();
        else if (m_targetBox->currentIndex() >= 0)
            m_controller->startJobs(m_targetBox->currentData().toInt());
    });
    connect(m_controller, &DemoController::sandboxStateChanged, this, [this] {
        updateTargets();
        updateSandbox();
    });
    connect(m_controller, &DemoController::jobsStateChanged, this, &DemoPanel::updateJobs);
    connect(m_controller, &DemoController::logged, this, &DemoPanel::appendLog);
    connect(monitor, &GatewayMonitor::gatewayAdded, this, &DemoPanel::updateTargets);
    updateTargets();
    updateSandbox();
    updateJobs();
}

void DemoPanel::updateSandbox()
{
    const Sandbox *sandbox = m_controller->sandbox();
    QString text;
    QString color;
    switch (m_controller->sandboxState()) {
    case Sandbox::State::Stopped:
        text = tr("stopped");
        break;
    case Sandbox::State::Starting:
        text = tr("Starting the local sandbox…");
        break;
    case Sandbox::State::Ready:
        text = tr("gateway <a href=\"%1\">%1</a> · prometheus <a href=\"%2\">%2</a>")
                   .arg(sandbox->gatewayUrl().toHtmlEscaped(),
                        sandbox->prometheusUrl().toHtmlEscaped());
        break;
    case Sandbox::State::Failed:
        text = m_controller->sandboxError().toHtmlEscaped();
        color = QStringLiteral("#c62828");
        break;
    }
    m_status->setText(color.isEmpty()
                          ? text
                          : QStringLiteral("<span style='color:%1'>%2</span>").arg(color, text));
    m_status->setOpenExternalLinks(true);
    const Sandbox::State state = m_controller->sandboxState();
    const bool running = state == Sandbox::State::Starting || state == Sandbox::State::Ready;
    m_sandboxButton->setText(running ? tr("Stop sandbox") : tr("Start sandbox"));
    m_logsButton->setEnabled(sandbox != nullptr);
}

void DemoPanel::updateJobs()
{
    const bool running = m_controller->jobsRunning();
    m_jobsButton->setText(running ? tr("Stop jobs") : tr("Start jobs"));
    m_jobsButton->setEnabled(running || m_targetBox->count() > 0);
    m_targetBox->setEnabled(!running);
    if (running) {
        const int index = m_targetBox->findData(m_controller->jobsGateway());
        if (index >= 0)
            m_targetBox->setCurrentIndex(index);
    }
}

void DemoPanel::updateTargets()
{
    const QVariant previous = m_targetBox->currentData();
    m_targetBox->clear();
    for (int gateway : m_controller->writableGateways()) {
        QString name = m_monitor->state(gateway).name;
        if (gateway == m_controller->sandboxGateway())
            name = tr("%1 (sandbox)").arg(name);
        m_targetBox->addItem(name, gateway);
    }
    // The sandbox gateway is the natural target; otherwise keep what was chosen.
    int index = m_targetBox->findData(m_controller->sandboxGateway());
    if (index < 0 || !previous.isValid() || m_targetBox->findData(previous) < 0)
        index = index >= 0 ? index : 0;
    else
        index = m_targetBox->findData(previous);
    m_targetBox->setCurrentIndex(m_targetBox->count() > 0 ? index : -1);
    updateJobs();
}

void DemoPanel::appendLog(const QString &line, bool error)
{
    if (error)
        m_log->appendHtml(
            QStringLiteral("<span style='color:#c62828'>%1</span>").arg(line.toHtmlEscaped()));
    else
        m_log->appendPlainText(line);
}

// Compact: the table above stays the main thing; the log scrolls.
void DemoPanel::setCompact(bool compact)
{
    QWidget *body = widget();
    delete body->layout(); // its rows go with it; the widgets stay in `body`
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *sandboxRow = new QHBoxLayout;
    sandboxRow->addWidget(m_sandboxLabel);
    sandboxRow->addWidget(m_status, 1);
    auto *jobsRow = new QHBoxLayout;
    jobsRow->addWidget(m_targetLabel);
    jobsRow->addWidget(m_targetBox);
    m_targetBox->setSizeAdjustPolicy(compact ? QComboBox::AdjustToMinimumContentsLengthWithIcon
                                             : QComboBox::AdjustToContents);
    m_targetBox->setMinimumContentsLength(compact ? 8 : 0);
    if (compact) {
        auto *buttonsRow = new QHBoxLayout;
        buttonsRow->addWidget(m_sandboxButton);
        buttonsRow->addWidget(m_logsButton);
        buttonsRow->addWidget(m_jobsButton);
        buttonsRow->addStretch(1);
        layout->addLayout(sandboxRow);
        layout->addLayout(jobsRow);
        layout->addLayout(buttonsRow);
    } else {
        sandboxRow->addWidget(m_sandboxButton);
        sandboxRow->addWidget(m_logsButton);
        jobsRow->addWidget(m_jobsButton);
        jobsRow->addStretch(1);
        layout->addLayout(sandboxRow);
        layout->addLayout(jobsRow);
    }
    layout->addWidget(m_log, 1);
}

QSize DemoPanel::sizeHint() const
{
    return {QDockWidget::sizeHint().width(), 15 * fontMetrics().height()};
}

QString DemoPanel::statusText() const
{
    return m_status->text();
}

QString DemoPanel::logText() const
{
    return m_log->toPlainText();
}

void DemoPanel::showServerLogs()
{
    const Sandbox *sandbox = m_controller->sandbox();
    if (!sandbox)
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("serverLogsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Sandbox server logs"));
    auto *tabs = new QTabWidget(dialog);
    QPlainTextEdit *gateway = logView(tabs);
    QPlainTextEdit *prometheus = logView(tabs);
    tabs->addTab(gateway, tr("prometheus-pushgateway"));
    tabs->addTab(prometheus, tr("prometheus"));
    auto fill = [this, gateway, prometheus] {
        if (const Sandbox *current = m_controller->sandbox()) {
            gateway->setPlainText(current->gatewayLog());
            prometheus->setPlainText(current->prometheusLog());
        }
    };
    fill();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QPushButton *reload = buttons->addButton(tr("Reload"), QDialogButtonBox::ActionRole);
    connect(reload, &QPushButton::clicked, dialog, fill);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    dialog->resize(900, 500);
    dialog->show();
}

} // namespace pushscope::ui
