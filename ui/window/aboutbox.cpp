#include "aboutbox.h"

#include "table/outcomestyle.h"

#include <QCoreApplication>
#include <QIcon>
#include <QMessageBox>

namespace pushscope::ui {

namespace {

// The translation context of the About box's strings.
class AboutBox
{
    Q_DECLARE_TR_FUNCTIONS(AboutBox)
};

} // namespace

QString aboutText()
{
    const QString homepage = QStringLiteral(PUSHSCOPE_HOMEPAGE_URL);
    return AboutBox::tr("<h3>PushScope %1</h3>"
                        "<p>A dashboard for Prometheus Pushgateways: push age and outcome of every "
                        "group, filters, safe delete with backup and restore.</p>"
                        "<p>Qt %2 (built with Qt %3)</p>"
                        "<p>Released under the MIT licence.</p>"
                        "<p><a href=\"%4\">%4</a></p>")
        .arg(QStringLiteral(PUSHSCOPE_VERSION), QString::fromLatin1(qVersion()),
             QStringLiteral(QT_VERSION_STR), homepage);
}

QMessageBox *createAboutBox(QWidget *parent)
{
    auto *box = new QMessageBox(parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setWindowTitle(AboutBox::tr("About PushScope"));
    box->setTextFormat(Qt::RichText);
    box->setText(aboutText());
    box->setTextInteractionFlags(Qt::TextBrowserInteraction);
    box->setIconPixmap(appIcon().pixmap(64, 64));
    box->setStandardButtons(QMessageBox::Close);
    return box;
}

void showAboutBox(QWidget *parent)
{
    QMessageBox *box = createAboutBox(parent);
    box->setWindowModality(Qt::WindowModal);
    box->show();
}

} // namespace pushscope::ui
