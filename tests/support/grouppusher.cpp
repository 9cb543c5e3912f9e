#include "grouppusher.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <functional>

namespace pushscope::testing {

QByteArray benchGroupText(int index, double nowSeconds)
{
    QByteArray text;
    text += "# HELP processed_items Items processed by the run.\n"
            "# TYPE processed_items counter\n";
    text += "processed_items " + QByteArray::number(1000 + index * 7) + "\n";
    text += "# TYPE job_last_success_unixtime gauge\n";
    text +=
        "job_last_success_unixtime " + QByteArray::number(nowSeconds - index % 5000, 'f', 3) + "\n";
    text +=
        "# TYPE job_exit_code gauge\njob_exit_code " + QByteArray::number(index % 97 == 0) + "\n";
    text +=
        "# TYPE bytes_written counter\nbytes_written " + QByteArray::number(index * 4096.0) + "\n";
    text += "# TYPE job_info gauge\njob_info{version=\"1." + QByteArray::number(index % 9) +
            ".0\"} 1\n";
    text += "# TYPE job_duration_seconds histogram\n";
    const double buckets[] = {1, 5, 30, 120};
    for (int b = 0; b < 4; ++b)
        text += "job_duration_seconds_bucket{le=\"" + QByteArray::number(buckets[b]) + "\"} " +
                QByteArray::number(b + index % 3) + "\n";
    text += "job_duration_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(5 + index % 3) +
            "\njob_duration_seconds_sum 77.5\njob_duration_seconds_count " +
            QByteArray::number(5 + index % 3) + "\n";
    text += "# TYPE queue_latency_seconds summary\n"
            "queue_latency_seconds{quantile=\"0.5\"} 0.25\n"
            "queue_latency_seconds{quantile=\"0.9\"} 0.8\n"
            "queue_latency_seconds{quantile=\"0.99\"} 1.9\n"
            "queue_latency_seconds_sum 42\nqueue_latency_seconds_count 100\n";
    return text;
}

QString benchGroupPath(int index)
{
    return QStringLiteral("/metrics/job/bench_job_%1/instance/host-%2").arg(index % 50).arg(index);
}

int pushGroups(const QString &gatewayUrl, int count, int parallel, std::chrono::milliseconds limit)
{
    QNetworkAccessManager manager;
    QEventLoop loop;
    const QDeadlineTimer deadline(limit);
    const double now = QDateTime::currentMSecsSinceEpoch() / 1000.0;
    int next = 0;
    int inFlight = 0;
    int stored = 0;
    std::function<void()> sendNext = [&] {
        while (inFlight < parallel && next < count && !deadline.hasExpired()) {
            const int index = next++;
            QNetworkRequest request(QUrl(gatewayUrl + benchGroupPath(index)));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("text/plain; version=0.0.4"));
            QNetworkReply *reply = manager.put(request, benchGroupText(index, now));
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
                    ++stored;
                reply->deleteLater();
                --inFlight;
                sendNext();
                if (inFlight == 0)
                    loop.quit();
            });
        }
    };
    sendNext();
    if (inFlight > 0)
        loop.exec();
    return stored;
}

} // namespace pushscope::testing
