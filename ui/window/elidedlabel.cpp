#include "elidedlabel.h"

namespace pushscope::ui {

ElidedLabel::ElidedLabel(Qt::TextElideMode mode, QWidget *parent)
    : QLabel(parent)
    , m_mode(mode)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_fullText = text;
    elide();
}

void ElidedLabel::setExtraToolTip(const QString &toolTip)
{
    m_extraToolTip = toolTip;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {0, QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide()
{
    // A label not shown yet (hidden while empty, say) has no width of its own: it takes its
    // parent's, which a line in a column of lines spans.
    const int width =
        isVisible() || !parentWidget() ? this->width() : parentWidget()->contentsRect().width();
    const QMargins margins = contentsMargins();
    const int room = std::max(1, width - margins.left() - margins.right() - 2 * margin());
    const QString shown = fontMetrics().elidedText(m_fullText, m_mode, room);
    setText(shown);
    QStringList tips;
    if (!m_extraToolTip.isEmpty())
        tips.append(m_extraToolTip);
    if (shown != m_fullText && !m_extraToolTip.contains(m_fullText))
        tips.prepend(m_fullText);
    setToolTip(tips.join(QStringLiteral("\n\n")));
}

} // namespace pushscope::ui
