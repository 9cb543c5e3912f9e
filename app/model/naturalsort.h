#pragma once

#include <QStringView>

namespace pushscope {

// Compares by UTF-16 code unit, except that runs of ASCII digits compare by their value:
// host-9 before host-10, job_2 before job_10. Texts that differ only in zero padding ("07",
// "7") then compare by code unit, so the order is total and the same on every run.
// Used by the CLI's listing order and by the window's table.
int naturalCompare(QStringView a, QStringView b);

} // namespace pushscope
