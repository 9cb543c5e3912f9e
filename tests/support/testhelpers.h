#pragma once

// Helpers shared by the tests that run the real `pushscope` binary or read a real gateway:
// one copy instead of one per test file.

#include "gateway/groupingkey.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace pushscope::testing {

// How long one run of the binary may take before it counts as hung.
constexpr int kRunTimeoutMs = 30000;

// The outcome of one run of the pushscope binary.
struct PushscopeRun {
    bool finished = false; // started, and exited normally within the timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

struct RunOptions {
    // Variables set on top of the scrubbed environment, e.g. XDG_DATA_HOME.
    QProcessEnvironment environment;
    // Written to standard input, which is then closed. Without it standard input stays an
    // open pipe (never a terminal) that nobody writes to.
    std::optional<QByteArray> input;
    int timeoutMs = kRunTimeoutMs;
};

// $PUSHSCOPE_BINARY: the built executable, set by ctest.
QString pushscopeBinary();

// The system environment without any display (DISPLAY, WAYLAND_DISPLAY, QT_QPA_PLATFORM
// removed): a headless command must not need one. `extra` is inserted on top.
QProcessEnvironment headlessEnvironment(const QProcessEnvironment &extra = {});

// Runs the real executable with headlessEnvironment(options.environment).
PushscopeRun runPushscope(const QStringList &arguments, const RunOptions &options = {});

// "exit N", stdout and stderr of a run, for failure messages.
QString describe(const PushscopeRun &run);

// The documented push path, written out by hand: every label as <name>@base64/<URL-safe
// base64 of the UTF-8 value>, "=" for an empty value; job first, the others by name.
QString manualPath(const Labels &labels);

// Labels as the JSON object pushscope and the gateway print them.
QJsonObject labelsObject(const Labels &labels);
// A JSON labels object (string values) as a grouping key.
GroupingKey keyOf(const QJsonObject &labels);
// GroupingKey::toString() of each key, sorted: for order-independent comparisons.
QStringList sortedKeys(const QList<GroupingKey> &keys);

// The groups the gateway at `url` reports now (GET /api/v1/metrics), read without
// pushscope's parser: as JSON objects keyed by GroupingKey::toString() of their labels,
// and as grouping keys in the gateway's order. Empty, with a warning, when unreadable.
QHash<QString, QJsonObject> gatewayGroups(const QString &url);
QList<GroupingKey> gatewayKeys(const QString &url);

// The version the gateway at `url` reports in /api/v1/status (e.g. "1.5.1"); empty, with a
// warning, when unreadable. Tests expect this, never a version written into the test.
QString gatewayVersion(const QString &url);

// Waits (bounded) until the gateway at `url` reports last_push_successful false for the
// group `labels`. How a test recognises a rejected push on every version: 1.5.1 answers
// 400, Debian 13's 1.11.0 panics and closes the connection; both record the failure.
bool waitForFailedPush(const QString &url, const Labels &labels, int timeoutMs = 5000);

} // namespace pushscope::testing
