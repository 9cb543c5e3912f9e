#pragma once

// Internal to the protobuf writer: the protobuf layout of a native histogram, rebuilt from
// the bucket bounds the JSON API shows.

#include "snapshot.h"

#include <QList>
#include <QString>

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

} // namespace pushscope
