#include "chartexport.h"

#include "chartcrosshair.h"
#include "chartwidget.h"
#include "model/timeformat.h"
#include "window/elidedlabel.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QMessageBox>
#include <QPainter>
#include <QRegularExpression>
#include <QSpinBox>

namespace pushscope::ui {

namespace {

constexpr int kHeaderLineHeight = 22;

QString isoWithZone(const QDateTime &time)
{
    const QDateTime shown = timesInUtc() ? time.toUTC() : time.toLocalTime();
    return shown.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + formatZone(time);
}

} // namespace

QStringList annotationLines(const ChartAnnotations &annotations)
{
    QStringList first;
    if (!annotations.gateway.isEmpty())
        first.append(annotations.gateway);
    if (annotations.to > annotations.from) {
        first.append(QStringLiteral("%1 – %2").arg(formatTimestamp(annotations.from),
                                                   formatTimestamp(annotations.to)));
    }
    first.append(QApplication::translate("ChartExport", "exported %1")
                     .arg(isoWithZone(annotations.exportedAt)));
    QStringList lines{first.join(QStringLiteral("  ·  "))};
    QStringList second;
    if (!annotations.query.isEmpty())
        second.append(annotations.query);
    if (!annotations.source.isEmpty())
        second.append(annotations.source);
    if (!second.isEmpty())
        lines.append(second.join(QStringLiteral("  ·  ")));
    return lines;
}

QImage renderChart(QChart *chart, QSize size, const QStringList &header,
                   const std::function<void()> &laidOut)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QFont font = QApplication::font();
    font.setPixelSize(14);
    painter.setFont(font);
    painter.setPen(QColor(0x20, 0x20, 0x20));
    const int headerHeight = int(header.size()) * kHeaderLineHeight + 8;
    for (int i = 0; i < header.size(); ++i) {
        const QRect line(12, 4 + i * kHeaderLineHeight, size.width() - 24, kHeaderLineHeight);
        const QString text =
            painter.fontMetrics().elidedText(header.at(i), Qt::ElideRight, line.width());
        painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    const QSizeF shownSize = chart->size();
    const QRectF target(0, headerHeight, size.width(), size.height() - headerHeight);
    chart->resize(target.size());
    // Qt Charts lays out on a posted event: apply it before drawing.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (laidOut) {
        laidOut();
        // New axis labels are laid out on a posted event too.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    chart->scene()->render(&painter, target, chart->sceneBoundingRect());
    painter.end();
    chart->resize(shownSize);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return image;
}

ChartExportDialog::ChartExportDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export chart"));
    m_width = new QSpinBox(this);
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_width->setRange(320, 7680);
    m_width->setValue(1600);
    m_width->setSuffix(tr(" px"));
    m_height = new QSpinBox(this);
    m_height->setObjectName(QStringLiteral("exportHeight"));
    m_height->setRange(240, 4320);
    m_height->setValue(900);
    m_height->setSuffix(tr(" px"));
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Picture size:"), sizeRow);
    form->addRow(new QLabel(tr("The header names the gateway, the query, the range and the "
                               "time of export."),
                            this));
    form->addRow(buttons);
}

QSize ChartExportDialog::imageSize() const
{
    return {m_width->value(), m_height->value()};
}

bool ChartWidget::exportPng(const QString &path)
{
    if (m_shownSeries == 0)
        return false;
    m_crosshair->hide();
    // Qt Charts lays out axis changes on a posted event: apply them before the picture.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    return m_view->grab().save(path, "PNG");
}

bool ChartWidget::exportPng(const QString &path, QSize size, const ChartAnnotations &annotations)
{
    if (m_shownSeries == 0 || size.isEmpty())
        return false;
    m_crosshair->hide();
    // The picture has no table under it: Qt Charts' own legend names the shown lines.
    QLegend *legend = m_chart->legend();
    legend->setVisible(true);
    const QList<QAbstractSeries *> lines = m_chart->series();
    for (int i = 0; i < lines.size(); ++i) {
        for (QLegendMarker *marker : legend->markers(lines.at(i)))
            marker->setVisible(isSeriesVisible(i));
    }
    // Decimated again for the picture's width once the chart is laid out at its size.
    const QImage image =
        renderChart(m_chart, size, annotationLines(annotations), [this] { rebuild(); });
    legend->setVisible(false);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    rebuild();
    return image.save(path, "PNG");
}

ChartAnnotations ChartWidget::annotations() const
{
    const QPair<double, double> range = visibleRange();
    return {m_exportGateway,
            m_exportQuery.isEmpty() ? m_chart->title() : m_exportQuery,
            range.first,
            range.second,
            QDateTime::currentDateTime(),
            m_noteLabel->fullText()};
}

void ChartWidget::exportWithDialog()
{
    ChartExportDialog sizeDialog(this);
    if (sizeDialog.exec() != QDialog::Accepted)
        return;
    QString name = m_chart->title().isEmpty() ? QStringLiteral("chart") : m_chart->title();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), name + QStringLiteral(".png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".png", Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    if (!exportPng(path, sizeDialog.imageSize(), annotations()))
        QMessageBox::warning(this, tr("Export chart"), tr("Could not write %1.").arg(path));
}

} // namespace pushscope::ui
