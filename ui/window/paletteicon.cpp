#include "paletteicon.h"

#include <QApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>

namespace pushscope::ui {

namespace {

class PaletteIconEngine : public QIconEngine
{
public:
    explicit PaletteIconEngine(QString resource)
        : m_resource(std::move(resource))
        , m_shape(m_resource)
    {}

    QIconEngine *clone() const override { return new PaletteIconEngine(m_resource); }
    QString key() const override { return QStringLiteral("pushscope-palette"); }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap drawn = scaledPixmap(rect.size(), mode, state, ratio);
        painter->drawPixmap(rect, drawn);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        const QColor colour = colourFor(mode);
        const QSize pixels = (QSizeF(size) * scale).toSize();
        const QString cacheKey = QStringLiteral("pushscope-palette:%1:%2x%3:%4")
                                     .arg(m_resource)
                                     .arg(pixels.width())
                                     .arg(pixels.height())
                                     .arg(colour.rgba(), 0, 16);
        QPixmap tinted;
        if (QPixmapCache::find(cacheKey, &tinted))
            return tinted;
        tinted = m_shape.pixmap(pixels, QIcon::Normal, state);
        if (tinted.isNull())
            return tinted;
        QPainter painter(&tinted);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(tinted.rect(), colour);
        painter.end();
        tinted.setDevicePixelRatio(scale);
        QPixmapCache::insert(cacheKey, tinted);
        return tinted;
    }

    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return m_shape.actualSize(size, mode, state);
    }

private:
    static QColor colourFor(QIcon::Mode mode)
    {
        const QPalette palette = QApplication::palette();
        if (mode == QIcon::Disabled)
            return palette.color(QPalette::Disabled, QPalette::ButtonText);
        if (mode == QIcon::Selected)
            return palette.color(QPalette::HighlightedText);
        // A little of the button colour softens pure black or white text to an icon grey.
        const QColor text = palette.color(QPalette::Active, QPalette::ButtonText);
        const QColor button = palette.color(QPalette::Active, QPalette::Button);
        return QColor::fromRgbF(0.8f * text.redF() + 0.2f * button.redF(),
                                0.8f * text.greenF() + 0.2f * button.greenF(),
                                0.8f * text.blueF() + 0.2f * button.blueF());
    }

    QString m_resource;
    QIcon m_shape;
};

} // namespace

QIcon paletteIcon(const QString &resource)
{
    return QIcon(new PaletteIconEngine(resource));
}

} // namespace pushscope::ui
