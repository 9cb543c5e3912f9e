#pragma once

// Internal to the snapshot parser: what can still be read of a family of a type or shape
// the group reader does not know.

#include "jsoncursor.h"
#include "snapshot.h"

namespace pushscope::detail {

// The family `name` whose JSON text is `span` (syntax already checked; `parent` is the
// reply's cursor, for interned strings): its type as sent and `why` (both clipped), its
// help, and the labels of each of its metrics as the JSON lists them.
UnsupportedFamily readUnsupportedFamily(const QString &name, QByteArrayView span,
                                        JsonCursor &parent, const QString &why);

} // namespace pushscope::detail
