// SPDX-License-Identifier: GPL-3.0-or-later
// One libFuzzer target for everything that reads bytes a server chose: the SSE parser, the
// completion parsers, the error classifier, the rate-limit headers and the redactor. Besides
// crashes and sanitizer reports it checks the properties the headers promise, and aborts
// (so libFuzzer saves the input) when one does not hold. docs/fuzzing.md says how to run it.
//
// Input layout: byte 0 sets the SSE chunk size and the HTTP status; the rest is the payload,
// read as a body, as SSE, as text and as "Name: value" header lines.
#include "core/errors/ApiError.h"
#include "core/errors/ErrorBody.h"
#include "core/errors/ErrorClassifier.h"
#include "core/errors/RetryHints.h"
#include "core/net/Redactor.h"
#include "core/protocol/CompletionParser.h"
#include "core/protocol/GoDuration.h"
#include "core/protocol/RateLimitInfo.h"
#include "core/protocol/SseParser.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <variant>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

[[noreturn]] void violated(const char *what)
{
    std::fprintf(stderr, "FuzzParsers: property violated: %s\n", what);
    std::abort();
}

void require(bool condition, const char *what)
{
    if (!condition)
        violated(what);
}

// ErrorClassifier promises one-line, bounded, control-free text.
void requireCleanText(const QString &text, qsizetype maxLength, const char *what)
{
    require(text.size() <= maxLength, what);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        require(u >= 0x20 && (u < 0x7f || u > 0x9f), what);
    }
}

struct SseRun
{
    QList<SseEvent> events;
    QList<SseEvent> incomplete;
    bool overflowed = false;
    bool pending = false;
};

SseRun parseSse(QByteArrayView stream, qsizetype chunkSize, qsizetype maxLineBytes)
{
    SseParser parser(maxLineBytes);
    SseRun run;
    for (qsizetype from = 0; from < stream.size(); from += chunkSize)
        run.events += parser.feed(stream.sliced(from, std::min(chunkSize, stream.size() - from)));
    run.overflowed = parser.overflowed();
    run.pending = parser.hasPendingData();
    run.incomplete = parser.finish();
    return run;
}

// "Name: value" lines, plus the payload's first lines under the names the classifier reads,
// so header values get fuzzed without the fuzzer having to discover the names first.
RawHeaders headersFrom(const QByteArray &payload)
{
    RawHeaders headers;
    const QList<QByteArray> lines = payload.split('\n');
    for (const QByteArray &line : lines) {
        if (headers.size() >= 32)
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon), line.mid(colon + 1)});
    }
    static const QByteArray names[] = {"retry-after",
                                       "retry-after-ms",
                                       "x-should-retry",
                                       "x-request-id",
                                       "x-ratelimit-reset-requests",
                                       "x-ratelimit-remaining-tokens"};
    for (qsizetype i = 0; i < qsizetype(std::size(names)) && i < lines.size(); ++i)
        headers.append({names[i], lines[i]});
    return headers;
}

void fuzzSse(QByteArrayView payload, qsizetype chunkSize)
{
    // The same bytes give the same events whatever the chunking (SseParser.h).
    const SseRun whole = parseSse(payload, std::max<qsizetype>(1, payload.size()), 1 << 20);
    const SseRun chunked = parseSse(payload, chunkSize, 1 << 20);
    require(whole.events == chunked.events, "SSE events depend on the chunking");
    require(whole.incomplete == chunked.incomplete, "SSE finish() depends on the chunking");
    require(whole.pending == chunked.pending, "SSE hasPendingData() depends on the chunking");
    require(whole.incomplete.size() <= 1, "SSE finish() returned more than one event");
    require(whole.overflowed == chunked.overflowed, "SSE overflow depends on the chunking");

    // A small limit exercises the overflow path; memory stays bounded by it.
    const SseRun small = parseSse(payload, chunkSize, 64);
    for (const SseEvent &event : small.events)
        require(event.data.size() <= 64, "SSE event data beyond maxLineBytes");

    for (const SseEvent &event : chunked.events) {
        const auto parsed = CompletionParser::parseStreamData(event.data, event.event);
        if (const StreamChunk *chunk = std::get_if<StreamChunk>(&parsed))
            require(!(chunk->done && chunk->isError), "a chunk both [DONE] and an error");
    }
}

void fuzzErrorClassifier(const QByteArray &payload, int status)
{
    const ErrorBody body = ErrorBody::parse(payload);
    requireCleanText(body.message, ErrorBody::maxMessageLength, "ErrorBody.message");
    requireCleanText(body.type, 200, "ErrorBody.type");
    requireCleanText(body.code, 200, "ErrorBody.code");
    requireCleanText(body.param, 200, "ErrorBody.param");

    const RawHeaders headers = headersFrom(payload);
    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1'750'000'000, Qt::UTC);
    const ApiError error = ErrorClassifier::classifyHttpStatus(status, headers, payload, now);
    require(error.kind != ApiError::Kind::None, "an HTTP error classified as None");
    require(error.httpStatus == status, "ApiError.httpStatus differs from the status");
    requireCleanText(error.message, ErrorClassifier::maxMessageLength, "ApiError.message");
    if (error.retryAfter)
        require(*error.retryAfter >= std::chrono::milliseconds(0)
                        && *error.retryAfter <= ErrorClassifier::maxRetryHint,
                "ApiError.retryAfter out of range");
    if (error.kind == ApiError::Kind::QuotaExceeded)
        require(status == 429, "QuotaExceeded without a 429");

    const QString requestId = ErrorClassifier::requestIdFromHeaders(headers);
    require(requestId.size() <= 128, "request id too long");
    for (const QChar c : requestId)
        require(c.unicode() >= 0x20 && c.unicode() < 0x7f, "request id not printable ASCII");
    if (const auto hint = RetryHints::fromHeaders(headers, now))
        require(*hint >= std::chrono::milliseconds(0) && *hint <= ErrorClassifier::maxRetryHint,
                "header hint out of range");
    (void)RetryHints::shouldRetry(headers);

    const RateLimitInfo limits = RateLimitInfo::fromHeaders(headers);
    for (const auto &count : {limits.limitRequests, limits.remainingRequests, limits.limitTokens,
                              limits.remainingTokens})
        require(!count || *count >= 0, "negative rate-limit count");
    for (const auto &reset : {limits.resetRequests, limits.resetTokens})
        require(!reset || reset->count() >= 0, "negative rate-limit reset");
}

void fuzzText(const QByteArray &payload)
{
    const QString text = QString::fromUtf8(payload);
    if (const auto hint = RetryHints::fromMessage(text))
        require(*hint >= std::chrono::milliseconds(0) && *hint <= ErrorClassifier::maxRetryHint,
                "message hint out of range");
    // Each line alone as a Go duration, and the whole payload.
    for (const QByteArray &line : payload.split('\n')) {
        if (const auto duration = parseGoDuration(line))
            require(duration->count() >= 0, "negative Go duration");
    }
    (void)parseGoDuration(payload);
    (void)RateLimitInfo::parseReset(payload);

    // A secret taken from the payload never survives redaction. It is kept to characters
    // that "[REDACTED]" does not contain, so a replacement cannot spell it anew.
    QString secret;
    for (const QChar c : text.left(40)) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_')
            secret += c;
    }
    Redactor redactor;
    redactor.addSecret(secret);
    const QString redacted = redactor.redact(text);
    if (secret.size() >= 4)
        require(!redacted.contains(secret), "a registered secret survived redaction");
    const QByteArray redactedBytes = redactor.redact(payload);
    if (secret.size() >= 4)
        require(!redactedBytes.contains(secret.toUtf8()), "a secret survived byte redaction");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int control = data[0];
    const QByteArray payload(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype chunkSize = control % 32 + 1;
    const int status = 300 + control * 300 / 256; // 300..599: every non-2xx class

    fuzzSse(payload, chunkSize);
    (void)CompletionParser::parseCompletion(payload);
    (void)CompletionParser::parseStreamData(payload);
    (void)CompletionParser::parseStreamData(payload, u"error"_s);
    fuzzErrorClassifier(payload, status);
    fuzzText(payload);
    return 0;
}
