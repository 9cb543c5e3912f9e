#include "keycorpus.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QSet>

namespace pushscope::testing {

namespace {

// Pieces that break naive path building.
const QStringList &trickyPieces()
{
    static const QStringList pieces = {
        QStringLiteral("/"),       QStringLiteral("."),    QStringLiteral(".."),
        QStringLiteral("@"),       QStringLiteral("="),    QStringLiteral("U__"),
        QStringLiteral("_"),       QStringLiteral(" "),    QStringLiteral("%2F"),
        QStringLiteral("@base64"), QStringLiteral("~"),    QStringLiteral("-"),
        QStringLiteral("\""),      QStringLiteral("\\"),   QStringLiteral("\n"),
        QStringLiteral(".x"),      QStringLiteral("_2e_"), QStringLiteral("?#"),
        QStringLiteral("+")};
    return pieces;
}

char32_t randomCodePoint(QRandomGenerator &random)
{
    switch (random.bounded(6)) {
    case 0:
        return char32_t(random.bounded(0x21, 0x7f)); // printable ASCII
    case 1:
        return char32_t(random.bounded(0xa0, 0x800)); // two UTF-8 bytes
    case 2:
        return char32_t(random.bounded(0x4e00, 0x9fff)); // CJK
    case 3:
        return char32_t(random.bounded(0x10000, 0x10ffff)); // astral planes
    case 4:
        return char32_t(random.bounded(0xe000, 0xfffd)); // private use and above, no U+FFFD
    default:
        return char32_t(random.bounded(int('a'), int('z') + 1));
    }
}

QString randomText(QRandomGenerator &random, int maxPieces)
{
    QString text;
    const int pieces = int(random.bounded(1, maxPieces + 1));
    for (int i = 0; i < pieces; ++i) {
        if (random.bounded(3) == 0) {
            text += trickyPieces().at(random.bounded(int(trickyPieces().size())));
        } else {
            const char32_t c = randomCodePoint(random);
            text += QString::fromUcs4(&c, 1);
        }
    }
    return text;
}

QString randomName(QRandomGenerator &random)
{
    static const QStringList plain = {QStringLiteral("instance"), QStringLiteral("shard"),
                                      QStringLiteral("a"),        QStringLiteral("b"),
                                      QStringLiteral("zone_1"),   QStringLiteral("_x")};
    switch (random.bounded(6)) {
    case 0:
    case 1:
        return plain.at(random.bounded(int(plain.size())));
    case 2:
        return QStringLiteral("U__") + randomText(random, 3);
    case 3:
        return QStringLiteral("foo.") + randomText(random, 2);
    default:
        return randomText(random, 4);
    }
}

QString randomValue(QRandomGenerator &random)
{
    switch (random.bounded(8)) {
    case 0:
        return QString();
    case 1:
        return QStringLiteral(".") + randomText(random, 2);
    case 2:
        return QStringLiteral("plain-%1").arg(random.bounded(1000));
    default:
        return randomText(random, 6);
    }
}

QString unescapeName(const QString &name)
{
    // common/model UnescapeName with ValueEncodingEscaping, on the UTF-8 bytes.
    const QByteArray bytes = name.toUtf8();
    if (!bytes.startsWith("U__"))
        return name;
    const QByteArray escaped = bytes.mid(3);
    QByteArray out;
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        if (escaped.at(i) != '_') {
            out += escaped.at(i);
            continue;
        }
        if (++i >= escaped.size())
            return name;
        if (escaped.at(i) == '_') {
            out += '_';
            continue;
        }
        uint value = 0;
        bool closed = false;
        for (int digits = 0; i < escaped.size(); ++digits, ++i) {
            if (digits >= 6)
                return name;
            if (escaped.at(i) == '_') {
                closed = true;
                break;
            }
            const char c = char(QChar::toLower(uint(escaped.at(i))));
            if (c >= '0' && c <= '9')
                value = value * 16 + uint(c - '0');
            else if (c >= 'a' && c <= 'f')
                value = value * 16 + uint(c - 'a' + 10);
            else
                return name;
        }
        if (!closed || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
            return name;
        const char32_t codePoint = value;
        out += QString::fromUcs4(&codePoint, 1).toUtf8();
    }
    return QString::fromUtf8(out);
}

bool decodeBase64(const QByteArray &segment, QString *value)
{
    QByteArray trimmed = segment;
    while (trimmed.endsWith('='))
        trimmed.chop(1);
    const auto decoded = QByteArray::fromBase64Encoding(
        trimmed, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    *value = QString::fromUtf8(*decoded);
    return true;
}

} // namespace

bool isPlainLegacyName(const QString &name)
{
    return isLegacyLabelName(name) && !name.startsWith(QStringLiteral("__"));
}

QList<GroupingKey> issueKeys()
{
    return {GroupingKey({{QStringLiteral("job"), QStringLiteral("clash")},
                         {QStringLiteral("U__foo_2e_bar"), QStringLiteral("x")}}),
            GroupingKey({{QStringLiteral("job"), QStringLiteral("clash")},
                         {QStringLiteral("foo.bar"), QStringLiteral("x")}}),
            GroupingKey({{QStringLiteral("job"), QStringLiteral("s2")},
                         {QStringLiteral("a/b/c"), QStringLiteral("v")}}),
            GroupingKey({{QStringLiteral("job"), QStringLiteral("probe2")},
                         {QStringLiteral("a"), QStringLiteral(".x")},
                         {QStringLiteral("b"), QStringLiteral(".y")},
                         {QStringLiteral("c"), QStringLiteral("z")}}),
            GroupingKey({{QStringLiteral("job"), QStringLiteral("._")},
                         {QStringLiteral("a"), QStringLiteral(".0")},
                         {QStringLiteral("b"), QStringLiteral("..")}}),
            GroupingKey({{QStringLiteral("job"), QStringLiteral("j")},
                         {QStringLiteral("v"), QString(QChar(0xfffd))}})};
}

bool canNameOn(const QString &name, bool utf8Names)
{
    if (!utf8Names)
        return isPlainLegacyName(name);
    // UnescapeName reads at most five hex digits per character.
    const QList<uint> codePoints = name.toUcs4();
    return !name.isEmpty() &&
           std::none_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return c > 0xfffff; });
}

QList<GroupingKey> randomKeys(quint32 seed, int count)
{
    QRandomGenerator random(seed);
    QList<GroupingKey> keys;
    QSet<QString> seen;
    while (keys.size() < count) {
        Labels labels{{QStringLiteral("job"), random.bounded(4) == 0
                                                  ? QStringLiteral("rk") + randomValue(random)
                                                  : randomText(random, 5)}};
        const int others = int(random.bounded(4));
        for (int i = 0; i < others; ++i) {
            const QString name = randomName(random);
            if (name == u"job" || std::any_of(labels.cbegin(), labels.cend(),
                                              [&](const auto &l) { return l.first == name; }))
                continue;
            labels.append({name, randomValue(random)});
        }
        const GroupingKey key(labels);
        if (key.job().isEmpty() || seen.contains(key.id()))
            continue;
        seen.insert(key.id());
        keys.append(key);
    }
    return keys;
}

quint32 testSeed()
{
    bool ok = false;
    const quint32 fromEnvironment = qEnvironmentVariable("PUSHSCOPE_SEED").toUInt(&ok);
    return ok ? fromEnvironment : quint32(QDateTime::currentMSecsSinceEpoch() & 0x7fffffff);
}

bool gatewayDecodePath(const QByteArray &path, bool utf8Names, Labels *labels, QString *error)
{
    QList<QByteArray> segments = path.split('/');
    // "", "metrics", "job" or "job@base64", <job>, then name/value pairs.
    if (segments.size() < 4 || !segments.at(0).isEmpty() || segments.at(1) != "metrics") {
        *error = QStringLiteral("not a /metrics/job/... path: ") + QString::fromLatin1(path);
        return false;
    }
    Labels decoded;
    for (qsizetype i = 2; i < segments.size(); i += 2) {
        if (i + 1 >= segments.size()) {
            *error = QStringLiteral("odd number of segments");
            return false;
        }
        const QByteArray rawName = segments.at(i);
        const bool base64 = rawName.endsWith("@base64");
        const QString trimmed = QString::fromUtf8(base64 ? rawName.chopped(7) : rawName);
        const bool isJob = i == 2;
        if (isJob && trimmed != u"job") {
            *error = QStringLiteral("the first pair is not the job");
            return false;
        }
        const QString name = isJob || !utf8Names ? trimmed : unescapeName(trimmed);
        const bool validName = utf8Names ? !name.isEmpty() : isLegacyLabelName(name);
        if (!validName || trimmed.startsWith(QStringLiteral("__"))) {
            *error = QStringLiteral("improper label name ") + trimmed;
            return false;
        }
        QString value = QString::fromUtf8(segments.at(i + 1));
        if (base64 && !decodeBase64(segments.at(i + 1), &value)) {
            *error = QStringLiteral("invalid base64");
            return false;
        }
        decoded.append({name, value});
    }
    *labels = decoded;
    return true;
}

QString testPushPath(const Labels &labels, bool utf8Names)
{
    auto value = [](const QString &text) {
        const QByteArray encoded = text.toUtf8().toBase64(QByteArray::Base64UrlEncoding);
        return encoded.isEmpty() ? QStringLiteral("=") : QString::fromLatin1(encoded);
    };
    auto escape = [](const QString &name) {
        QString escaped = QStringLiteral("U__");
        for (const char32_t c : name.toUcs4()) {
            if (c == '_')
                escaped += QStringLiteral("__");
            else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                escaped += QChar(char16_t(c));
            else
                escaped += QStringLiteral("_%1_").arg(uint(c), 0, 16);
        }
        return escaped;
    };
    QString job;
    QString others;
    for (const auto &label : labels) {
        if (label.first == u"job") {
            job = QStringLiteral("/metrics/job@base64/") + value(label.second);
            continue;
        }
        if (!canNameOn(label.first, utf8Names))
            return {};
        const QString name = utf8Names ? escape(label.first) : label.first;
        others += QLatin1Char('/') + name + QStringLiteral("@base64/") + value(label.second);
    }
    return job + others;
}

WriteResult writeAndWait(GatewayClient &client, const GroupingKey &key, bool push)
{
    std::optional<WriteResult> result;
    auto done = [&](const WriteResult &r) { result = r; };
    if (push)
        client.push(key, "pushscope_test 1\n", GatewayClient::PushMethod::Put, done);
    else
        client.deleteGroup(key, done);
    const QDeadlineTimer deadline(10000);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return result.value_or(WriteResult{false, 0, QStringLiteral("no answer within 10 s"), false});
}

} // namespace pushscope::testing
