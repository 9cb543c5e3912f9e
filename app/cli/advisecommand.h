#pragma once

#include <QStringList>

namespace pushscope {

// pushscope advise --gateway URL [--prometheus URL] [--format table|json]: checks each gateway
// against the Pushgateway's own usage advice (model/advice.h) and prints the findings with
// their evidence. Exit 0 when every gateway was read (findings or not), 1 when one was not,
// 2 on bad usage. `arguments` starts with the program name, then "advise".
int runAdviseCommand(const QStringList &arguments);

} // namespace pushscope
