#pragma once

// The protobuf layout of a native histogram, rebuilt from the bucket bounds the JSON API
// shows: for the protobuf writer, and the schema for people.

#include "snapshot.h"

#include <QList>
#include <QString>
#include <optional>

namespace pushscope {

struct NativeSpan {
    qint32 offset = 0; // gap to the previous span, or the first bucket's index
    quint32 length = 0;
};

struct NativeSide {
    QList<NativeSpan> spans;
    QList<double> counts; // each bucket's own count, in index order
};

struct NativeLayout {
    qint32 schema = 0;
    // The JSON shows no zero bucket when it is empty, so its width is then unknown: the
    // client libraries' default (2^-128) is as good as any, and it shows the same.
    double zeroThreshold = 0x1p-128;
    double zeroCount = 0;
    NativeSide negative;
    NativeSide positive;
};

// The schema follows from any bucket's bounds (upper / lower = 2^(2^-schema)), each index
// from its upper bound. False and the reason when the bounds fit no exponential schema
// (e.g. custom bucket bounds) or contradict each other.
bool rebuildNativeLayout(const QList<NativeBucket> &buckets, NativeLayout *layout, QString *whyNot);

// The schema of a native histogram sample (-4 to 8, bucket width 2^(2^-schema)), when its
// buckets tell it; none for a sample without buckets outside the zero bucket.
std::optional<int> nativeSchemaOf(const Sample &sample);

} // namespace pushscope
