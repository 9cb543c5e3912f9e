#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace pushscope::ui {

// A duration entered and shown as Prometheus writes it ("5s", "1m30s", "1h"), between a
// minimum and a maximum. An unreadable or out-of-range text keeps the last valid value and
// says why in a sentence under the field.
class DurationEdit : public QWidget
{
    Q_OBJECT

public:
    DurationEdit(double minimumSeconds, double maximumSeconds, QWidget *parent = nullptr);

    void setSeconds(double seconds);
    // The last valid value.
    double seconds() const { return m_seconds; }
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }
    QLineEdit *lineEdit() const { return m_edit; }
    QLabel *errorLabel() const { return m_errorLabel; }

signals:
    // The text changed (valid or not).
    void edited();

private:
    void read();

    QLineEdit *m_edit;
    QLabel *m_errorLabel;
    double m_minimum;
    double m_maximum;
    double m_seconds = 0;
    QString m_error;
};

} // namespace pushscope::ui
