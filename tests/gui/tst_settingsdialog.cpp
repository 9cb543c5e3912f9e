// The Connections dialog on the offscreen platform: a gateway added through the form,
// "Test connection" against a real prometheus-pushgateway and against a closed port, the
// insecure-TLS warning, export without secrets, OK saving without secrets, Cancel.
// PUSHSCOPE_SETTINGS_SCREENSHOT=<file.png> saves a picture of the dialog.

#include "connections/connectioneditor.h"
#include "connections/connectionhttpeditor.h"
#include "connections/connectionstore.h"
#include "connections/durationedit.h"
#include "connections/secretstore.h"
#include "connections/settingsdialog.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace pushscope;
using pushscope::ui::SettingsDialog;

namespace {

const QString kPassword = QStringLiteral("hunter2-Secret!");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void addGatewayThroughTheForm();
    void grafanaFieldsOnThePrometheusForm();
    void testConnectionAgainstRealGateway();
    void testConnectionRefused();
    void testPrometheusRefused();
    void insecureWarningFollowsTheBox();
    void exportAndSaveHoldNoSecret();
    void cancelKeepsWhatWasSaved();
    void badHeaderLineIsShown();
    void askForMissingSecretsFillsThemForTheSession();
    void durationsAsPrometheusWritesThem();

private:
    // A dialog with a new gateway whose URL (and a password) were typed into the form.
    static void typeGateway(SettingsDialog *dialog, const QString &url)
    {
        auto *add = dialog->findChild<QPushButton *>(QStringLiteral("addGatewayButton"));
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        ui::GatewayEditor *form = dialog->gatewayEditor();
        QVERIFY(form->isVisible());
        QTest::keyClicks(form->urlEdit(), url);
    }

    QTemporaryDir m_dir;
    SecretStore m_secrets{SecretStore::Backend::MemoryOnly};
};

void TestSettingsDialog::addGatewayThroughTheForm()
{
    SettingsDialog dialog({}, &m_secrets);
    QAbstractItemModelTester tester(dialog.list()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.keychainLabel()->isVisible()); // memory only: the operator is told
    QVERIFY(!dialog.testButton()->isEnabled());   // nothing selected yet

    dialog.addPrometheus();
    QTest::keyClicks(dialog.prometheusEditor()->nameEdit(), QStringLiteral("Team Prometheus"));
    QTest::keyClicks(dialog.prometheusEditor()->urlEdit(), QStringLiteral("http://prom:9090"));

    typeGateway(&dialog, QStringLiteral("http://push.example:9091/prefix"));
    ui::GatewayEditor *form = dialog.gatewayEditor();
    QTest::keyClicks(form->nameEdit(), QStringLiteral("Batch jobs"));
    form->pollIntervalEdit()->lineEdit()->setText(QStringLiteral("15s"));
    form->staleEdit()->lineEdit()->setText(QStringLiteral("10m"));
    QTest::mouseClick(form->readOnlyCheck(), Qt::LeftButton);
    QCOMPARE(form->prometheusCombo()->count(), 2);
    form->prometheusCombo()->setCurrentIndex(1);
    QTest::keyClicks(form->httpEditor()->usernameEdit(), QStringLiteral("ops"));
    QTest::keyClicks(form->httpEditor()->passwordEdit(), kPassword);
    QCOMPARE(form->httpEditor()->passwordEdit()->echoMode(), QLineEdit::Password);
    form->httpEditor()->headersEdit()->setPlainText(QStringLiteral("X-Team: batch"));

    const Connections c = dialog.connections();
    QCOMPARE(c.gateways.size(), 1);
    QCOMPARE(c.prometheus.size(), 1);
    const GatewayConnection &g = c.gateways.at(0);
    QVERIFY(!g.id.isEmpty());
    QCOMPARE(g.name, QStringLiteral("Batch jobs"));
    QCOMPARE(g.url, QStringLiteral("http://push.example:9091/prefix"));
    QCOMPARE(g.pollInterval, std::chrono::milliseconds(15000));
    QCOMPARE(g.staleAfterSeconds, 600.0);
    QVERIFY(g.readOnly);
    QVERIFY(g.enabled);
    QCOMPARE(g.prometheusId, c.prometheus.at(0).id);
    QCOMPARE(g.http.username, QStringLiteral("ops"));
    QCOMPARE(g.http.password, kPassword);
    QCOMPARE(g.http.headers.size(), 1);
    QCOMPARE(g.http.headers.at(0).first, QByteArray("X-Team"));
    QCOMPARE(c.prometheus.at(0).name, QStringLiteral("Team Prometheus"));
    QCOMPARE(dialog.list()->currentItem()->text(0), QStringLiteral("Batch jobs"));

    const QString screenshot = qEnvironmentVariable("PUSHSCOPE_SETTINGS_SCREENSHOT");
    if (!screenshot.isEmpty()) {
        form->httpEditor()->insecureCheck()->setChecked(true);
        QTest::qWait(100); // let the layout settle before the picture
        QVERIFY(dialog.grab().save(screenshot, "PNG"));
    }
}

void TestSettingsDialog::grafanaFieldsOnThePrometheusForm()
{
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.addPrometheus();
    ui::PrometheusEditor *form = dialog.prometheusEditor();
    QTest::keyClicks(form->urlEdit(), QStringLiteral("http://prom:9090"));
    QVERIFY(form->grafanaUrlEdit()->isVisible());
    QString error;
    QVERIFY2(form->validate(&error), qPrintable(error)); // optional
    QVERIFY(dialog.connections().prometheus.at(0).grafanaUrl.isEmpty());

    QTest::keyClicks(form->grafanaUrlEdit(), QStringLiteral("grafana.example"));
    QVERIFY(!form->validate(&error));
    QVERIFY2(error.contains(QStringLiteral("Grafana URL")), qPrintable(error));
    form->grafanaUrlEdit()->setText(QStringLiteral("https://grafana.example/g"));
    QVERIFY(!form->validate(&error)); // and which data source there
    QVERIFY2(error.contains(QStringLiteral("data source")), qPrintable(error));
    QTest::keyClicks(form->grafanaDatasourceEdit(), QStringLiteral("prom-uid"));
    QVERIFY2(form->validate(&error), qPrintable(error));
    const PrometheusConnection saved = dialog.connections().prometheus.at(0);
    QCOMPARE(saved.grafanaUrl, QStringLiteral("https://grafana.example/g"));
    QCOMPARE(saved.grafanaDatasource, QStringLiteral("prom-uid"));
}

void TestSettingsDialog::testConnectionAgainstRealGateway()
{
    testing::PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    QCOMPARE(gateway.push(QStringLiteral("/metrics/job/nightly"), "processed_items 42\n").status,
             200);
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, gateway.url());
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().contains(QStringLiteral(" ms")), 10000);
    const QString result = dialog.resultLabel()->text();
    const QString version = testing::gatewayVersion(gateway.url());
    QVERIFY(!version.isEmpty());
    QVERIFY2(
        result.startsWith(QStringLiteral("Pushgateway ") + version + QStringLiteral(" \u00b7")),
        qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("\u00b7 1 group \u00b7")), qPrintable(result));
    const QString screenshot = qEnvironmentVariable("PUSHSCOPE_SETTINGS_SCREENSHOT");
    if (!screenshot.isEmpty())
        QVERIFY(dialog.grab().save(screenshot + QStringLiteral(".tested.png"), "PNG"));
}

void TestSettingsDialog::testConnectionRefused()
{
    const quint16 port = testing::freeLoopbackPort(); // nothing listens there
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, QStringLiteral("http://127.0.0.1:%1").arg(port));
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().contains(QStringLiteral("refused")),
                             10000);
    QVERIFY(dialog.resultLabel()->text().contains(QString::number(port)));
}

void TestSettingsDialog::testPrometheusRefused()
{
    const quint16 port = testing::freeLoopbackPort();
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.addPrometheus();
    QTest::keyClicks(dialog.prometheusEditor()->urlEdit(),
                     QStringLiteral("http://127.0.0.1:%1").arg(port));
    QVERIFY(dialog.testButton()->isEnabled());
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().contains(QStringLiteral("refused")),
                             10000);
}

void TestSettingsDialog::insecureWarningFollowsTheBox()
{
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, QStringLiteral("https://push.example"));
    ui::HttpConfigEditor *http = dialog.gatewayEditor()->httpEditor();
    QVERIFY(!http->insecureWarning()->isVisible());
    QTest::mouseClick(http->insecureCheck(), Qt::LeftButton);
    QVERIFY(http->insecureWarning()->isVisible());
    QVERIFY(http->insecureWarning()->text().contains(QStringLiteral("not checked")));
    QVERIFY(dialog.connections().gateways.at(0).http.insecureSkipVerify);
    QTest::mouseClick(http->insecureCheck(), Qt::LeftButton);
    QVERIFY(!http->insecureWarning()->isVisible());
}

void TestSettingsDialog::exportAndSaveHoldNoSecret()
{
    const QString ini = m_dir.filePath(QStringLiteral("save.ini"));
    QSettings settings(ini, QSettings::IniFormat);
    SettingsDialog dialog({}, &m_secrets);
    dialog.setSettings(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, QStringLiteral("http://push.example:9091"));
    QTest::keyClicks(dialog.gatewayEditor()->httpEditor()->usernameEdit(), QStringLiteral("ops"));
    QTest::keyClicks(dialog.gatewayEditor()->httpEditor()->passwordEdit(), kPassword);

    const QString file = m_dir.filePath(QStringLiteral("export.json"));
    QVERIFY(dialog.exportTo(file));
    const QByteArray exported = readAll(file);
    QVERIFY(exported.contains("\"username\": \"ops\""));
    QVERIFY(!exported.contains(kPassword.toUtf8()));

    QSignalSpy saved(&dialog, &SettingsDialog::connectionsSaved);
    dialog.accept();
    QCOMPARE(saved.count(), 1);
    QVERIFY(!dialog.isVisible());
    settings.sync();
    QVERIFY(!readAll(ini).isEmpty());
    QVERIFY(!readAll(ini).contains(kPassword.toUtf8()));
    const Connections loaded = ConnectionStore::load(&settings);
    QCOMPARE(loaded.gateways.size(), 1);
    QVERIFY(loaded.gateways.at(0).savedSecrets.password);
    QVERIFY(loaded.gateways.at(0).http.password.isEmpty());
    const QString key = SecretStore::keyFor(loaded.gateways.at(0).id, SecretStore::Kind::Password);
    QString secret;
    m_secrets.read(key, [&secret](bool, const QString &value) { secret = value; });
    QTRY_COMPARE(secret, kPassword); // in memory only, for this session
}

void TestSettingsDialog::cancelKeepsWhatWasSaved()
{
    const QString ini = m_dir.filePath(QStringLiteral("cancel.ini"));
    QSettings settings(ini, QSettings::IniFormat);
    Connections before;
    GatewayConnection gw;
    gw.url = QStringLiteral("http://kept:9091");
    before.gateways.append(gw);
    ConnectionStore::save(&settings, before);
    before = ConnectionStore::load(&settings);

    SettingsDialog dialog(before, &m_secrets);
    dialog.setSettings(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.list()->setCurrentItem(dialog.list()->topLevelItem(0)->child(0));
    QCOMPARE(dialog.gatewayEditor()->urlEdit()->text(), QStringLiteral("http://kept:9091"));
    QVERIFY(dialog.importFrom(m_dir.filePath(QStringLiteral("export.json"))) ||
            dialog.connections().gateways.size() == 1);
    dialog.removeSelected();
    dialog.reject();
    QVERIFY(ConnectionStore::load(&settings) == before);
}

void TestSettingsDialog::badHeaderLineIsShown()
{
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, QStringLiteral("http://push.example:9091"));
    ui::HttpConfigEditor *http = dialog.gatewayEditor()->httpEditor();
    http->headersEdit()->setPlainText(QStringLiteral("X-Good: 1\nnot a header"));
    QVERIFY(http->headersProblem()->isVisible());
    QVERIFY(http->headersProblem()->text().contains(QStringLiteral("line 2")));
    dialog.accept(); // refused: the sentence is shown, the dialog stays
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.resultLabel()->text().contains(QStringLiteral("line 2")));
    http->headersEdit()->setPlainText(QStringLiteral("X-Good: 1"));
    QVERIFY(!http->headersProblem()->isVisible());
}

void TestSettingsDialog::askForMissingSecretsFillsThemForTheSession()
{
    Connections connections;
    GatewayConnection gw;
    gw.id = QStringLiteral("gw-ask");
    gw.name = QStringLiteral("Locked");
    gw.url = QStringLiteral("http://locked:9091");
    gw.http.username = QStringLiteral("ops");
    gw.savedSecrets.password = true; // saved, but the keychain gave nothing
    connections.gateways.append(gw);
    QString prompt;
    QTimer::singleShot(0, this, [&prompt] {
        auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(input);
        prompt = input->labelText();
        QCOMPARE(input->textEchoMode(), QLineEdit::Password);
        input->setTextValue(kPassword);
        input->accept();
    });
    QCOMPARE(ui::askForMissingSecrets(&connections, &m_secrets, nullptr), 1);
    QVERIFY(prompt.contains(QStringLiteral("Locked")));
    QCOMPARE(connections.gateways.at(0).http.password, kPassword);
    QString secret;
    m_secrets.read(QStringLiteral("gw-ask/password"),
                   [&secret](bool, const QString &value) { secret = value; });
    QTRY_COMPARE(secret, kPassword);
    // Nothing more to ask.
    QCOMPARE(ui::askForMissingSecrets(&connections, &m_secrets, nullptr), 0);
}

// Poll interval and stale threshold are Prometheus durations: shown as such, read back, and
// an unreadable one is explained under its field while OK waits.
void TestSettingsDialog::durationsAsPrometheusWritesThem()
{
    SettingsDialog dialog({}, &m_secrets);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeGateway(&dialog, QStringLiteral("http://push.example:9091"));
    ui::GatewayEditor *form = dialog.gatewayEditor();
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());

    GatewayConnection gateway = form->connection();
    gateway.pollInterval = std::chrono::milliseconds(90000);
    gateway.staleAfterSeconds = 3600;
    form->setConnection(gateway, {});
    QCOMPARE(form->pollIntervalEdit()->lineEdit()->text(), QStringLiteral("1m30s"));
    QCOMPARE(form->staleEdit()->lineEdit()->text(), QStringLiteral("1h"));

    form->pollIntervalEdit()->lineEdit()->setText(QStringLiteral("5s"));
    form->staleEdit()->lineEdit()->setText(QStringLiteral("2h30m"));
    QCOMPARE(form->connection().pollInterval, std::chrono::milliseconds(5000));
    QCOMPARE(form->connection().staleAfterSeconds, 9000.0);
    QVERIFY(ok->isEnabled());

    form->pollIntervalEdit()->lineEdit()->setText(QStringLiteral("5 parsecs"));
    QVERIFY(!ok->isEnabled());
    QLabel *error = form->pollIntervalEdit()->errorLabel();
    QVERIFY(error->isVisible());
    QVERIFY2(!error->text().isEmpty(), qPrintable(error->text()));
    QCOMPARE(form->connection().pollInterval, std::chrono::milliseconds(5000)); // the last valid
    QString why;
    QVERIFY(!form->validate(&why));
    QVERIFY2(why.contains(error->text()), qPrintable(why));

    form->pollIntervalEdit()->lineEdit()->setText(QStringLiteral("2h")); // above 1h
    QVERIFY(!ok->isEnabled());
    QVERIFY2(form->pollIntervalEdit()->errorText().contains(QStringLiteral("1h")),
             qPrintable(form->pollIntervalEdit()->errorText()));
    form->pollIntervalEdit()->lineEdit()->setText(QStringLiteral("30s"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!error->isVisible());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
