#include "naturalsort.h"

namespace pushscope {

namespace {

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

qsizetype digitRunEnd(QStringView text, qsizetype from)
{
    while (from < text.size() && isDigit(text.at(from)))
        ++from;
    return from;
}

qsizetype skipZeros(QStringView text, qsizetype from, qsizetype end)
{
    while (from + 1 < end && text.at(from) == u'0')
        ++from;
    return from;
}

} // namespace

int naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a.at(i)) && isDigit(b.at(j))) {
            const qsizetype aEnd = digitRunEnd(a, i);
            const qsizetype bEnd = digitRunEnd(b, j);
            const qsizetype aFrom = skipZeros(a, i, aEnd);
            const qsizetype bFrom = skipZeros(b, j, bEnd);
            if (aEnd - aFrom != bEnd - bFrom)
                return aEnd - aFrom < bEnd - bFrom ? -1 : 1; // fewer digits, smaller value
            for (qsizetype k = 0; k < aEnd - aFrom; ++k) {
                if (a.at(aFrom + k) != b.at(bFrom + k))
                    return a.at(aFrom + k) < b.at(bFrom + k) ? -1 : 1;
            }
            i = aEnd;
            j = bEnd;
            continue;
        }
        if (a.at(i) != b.at(j))
            return a.at(i) < b.at(j) ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return a.compare(b);
}

} // namespace pushscope
