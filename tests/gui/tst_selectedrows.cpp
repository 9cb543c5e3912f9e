// SelectionActions::selectedViewRows(): the count and the first rows of a selection, read from
// its ranges. The details panel and the status bar ask on every poll; selectedRows() took
// ~50 ms for 50,000 selected rows and seconds for a scattered selection of 25,000.
#include "table/selectionactions.h"

#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QStandardItemModel>
#include <QTest>

using pushscope::ui::SelectionActions;

class TestSelectedRows : public QObject
{
    Q_OBJECT

private slots:
    void overlappingRangesCountOnce();
    void scatteredSelectionIsCheap();
};

void TestSelectedRows::overlappingRangesCountOnce()
{
    QStandardItemModel model(40, 3);
    QItemSelectionModel selection(&model);
    const auto selectRows = [&](int top, int bottom) {
        selection.select(QItemSelection(model.index(top, 0), model.index(bottom, 2)),
                         QItemSelectionModel::Select);
    };
    selectRows(5, 10);
    selectRows(5, 10); // twice: two ranges for the same rows
    selectRows(8, 12);
    selectRows(30, 30);
    SelectionActions::SelectedViewRows rows = SelectionActions::selectedViewRows(&selection, 100);
    QCOMPARE(rows.count, 9);
    QCOMPARE(rows.first, QList<int>({5, 6, 7, 8, 9, 10, 11, 12, 30}));
    QCOMPARE(int(selection.selectedRows().size()), rows.count); // what Qt itself says
    rows = SelectionActions::selectedViewRows(&selection, 3);
    QCOMPARE(rows.count, 9);
    QCOMPARE(rows.first, QList<int>({5, 6, 7}));

    // Ctrl+click off a row in the middle: what is left.
    selection.select(QItemSelection(model.index(9, 0), model.index(9, 2)),
                     QItemSelectionModel::Deselect);
    rows = SelectionActions::selectedViewRows(&selection, 100);
    QCOMPARE(rows.count, 8);
    QVERIFY(!rows.first.contains(9));
    QCOMPARE(int(selection.selectedRows().size()), rows.count);
    selection.clearSelection();
    QCOMPARE(SelectionActions::selectedViewRows(&selection, 100).count, 0);
}

void TestSelectedRows::scatteredSelectionIsCheap()
{
    constexpr int kRows = 50000;
    QStandardItemModel model(kRows, 2);
    QItemSelectionModel selection(&model);
    QItemSelection every2nd;
    for (int row = 0; row < kRows; row += 2)
        every2nd.append(QItemSelectionRange(model.index(row, 0), model.index(row, 1)));
    selection.select(every2nd, QItemSelectionModel::Select);
    QElapsedTimer timer;
    timer.start();
    const SelectionActions::SelectedViewRows rows =
        SelectionActions::selectedViewRows(&selection, 500);
    const qint64 ms = timer.elapsed();
    QCOMPARE(rows.count, kRows / 2);
    QCOMPARE(rows.first.size(), 500);
    QCOMPARE(rows.first.at(499), 998);
    QVERIFY2(ms < 200, qPrintable(QString::number(ms)));
}

QTEST_MAIN(TestSelectedRows)
#include "tst_selectedrows.moc"
