#pragma once

// The group table model and its filter proxy, each watched by a QAbstractItemModelTester
// that fails the test at the first broken promise: the fixture of the model's unit tests,
// made anew for every test function.

#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"

#include <QAbstractItemModelTester>
#include <functional>
#include <memory>

namespace pushscope::testing {

class TestedModel
{
public:
    explicit TestedModel(std::function<qint64()> localClockMs)
    {
        m_model->setLocalClock(std::move(localClockMs));
        m_proxy->setSourceModel(m_model.get());
    }

    GroupTableModel *model() const { return m_model.get(); }
    GroupFilterProxy *proxy() const { return m_proxy.get(); }

private:
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    // Declared so that they go in reverse: the testers before what they watch.
    std::unique_ptr<GroupTableModel> m_model = std::make_unique<GroupTableModel>();
    QAbstractItemModelTester m_modelTester{m_model.get(), Mode::Fatal};
    std::unique_ptr<GroupFilterProxy> m_proxy = std::make_unique<GroupFilterProxy>();
    QAbstractItemModelTester m_proxyTester{m_proxy.get(), Mode::Fatal};
};

} // namespace pushscope::testing
