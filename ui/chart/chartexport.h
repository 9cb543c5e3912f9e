#pragma once

#include <QDateTime>
#include <QDialog>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QSpinBox;
QT_END_NAMESPACE

namespace pushscope::ui {

// What the header of an exported chart says.
struct ChartAnnotations {
    QString gateway; // display name(s)
    QString query;   // the PromQL (or the family of PushScope's own history)
    double from = 0; // the time span shown, Unix seconds
    double to = 0;
    QDateTime exportedAt;
    QString source; // where the values come from, e.g. "from Prometheus"
};

// The header's lines: gateway, range and export time (ISO 8601 with the zone), then the query
// and where its values come from.
QStringList annotationLines(const ChartAnnotations &annotations);

// Draws `chart` off-screen into a `size` picture under the header lines; the chart is laid out
// at that size for the picture (`laidOut` runs then) and given its size back afterwards.
QImage renderChart(QChart *chart, QSize size, const QStringList &header,
                   const std::function<void()> &laidOut = {});

// Asks for the picture's size (1600 × 900 unless changed).
class ChartExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ChartExportDialog(QWidget *parent = nullptr);
    QSize imageSize() const;

private:
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
};

} // namespace pushscope::ui
