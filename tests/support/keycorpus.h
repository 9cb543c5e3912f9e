#pragma once

// Random grouping keys that stress path building, and an independent reading of a path the
// way the Pushgateway reads it (handler/push.go splitLabels, common/model UnescapeName).

#include "gateway/gatewayclient.h"
#include "gateway/groupingkey.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pushscope::testing {

// `count` keys from `seed`: names and values over the whole of Unicode (astral planes too)
// with /, ., .., @, =, U__ prefixes, empty values and leading dots mixed in. Every key has a
// non-empty job; no two keys are equal.
QList<GroupingKey> randomKeys(quint32 seed, int count);

// Keys from the issues that went wrong on the wire or at the gateway (one with U+FFFD).
QList<GroupingKey> issueKeys();

// The seed for a test run: $PUSHSCOPE_SEED when set, else the time.
quint32 testSeed();

// The labels a gateway decodes from `path` (/metrics/job/...), or false with the reason.
// `utf8Names` is --push.enable-utf8-names. Values that are not UTF-8 are returned with U+FFFD.
bool gatewayDecodePath(const QByteArray &path, bool utf8Names, Labels *labels, QString *error);

// A path written by hand for pushing: every value base64, every name U__-escaped when
// `utf8Names` (a test-side escaper, not PushScope's). Empty when a legacy gateway cannot
// take the key's names.
QString testPushPath(const Labels &labels, bool utf8Names);

// True when a name needs no escaping on any gateway: [a-zA-Z_][a-zA-Z0-9_]*, no __ prefix.
bool isPlainLegacyName(const QString &name);
// True when a gateway can be given `name` in a path exactly (job aside).
bool canNameOn(const QString &name, bool utf8Names);

// Sends DELETE (or PUT of one sample) for `key` through PushScope's client and waits for the
// answer (at most 10 s; runs a local event loop).
WriteResult writeAndWait(GatewayClient &client, const GroupingKey &key, bool push = false);

} // namespace pushscope::testing
