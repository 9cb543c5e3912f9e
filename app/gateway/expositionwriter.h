#pragma once

#include "snapshot.h"

#include <QByteArray>

namespace pushscope {

// A group's families in the Prometheus text exposition format, as they would be pushed to
// the group's own key: HELP and TYPE lines, summaries and histograms expanded into their
// series, and without the labels the grouping key already carries (and the gateway's
// default instance="").
QByteArray toExpositionText(const Group &group);

} // namespace pushscope
