#pragma once

#include <QLabel>

namespace pushscope::ui {

// One line of plain text that never sets its layout's width: it shrinks to nothing and
// elides its text (in the middle or at the end) to the room it gets. The whole text is in
// the tooltip when it does not fit, after an extra tooltip if one is set.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(Qt::TextElideMode mode = Qt::ElideRight, QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_fullText; }
    // Shown as the tooltip whether or not the text fits (a note's details, say).
    void setExtraToolTip(const QString &toolTip);

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    Qt::TextElideMode m_mode;
    QString m_fullText;
    QString m_extraToolTip;
};

} // namespace pushscope::ui
