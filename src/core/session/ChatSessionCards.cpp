// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession's answers about error cards: what a card offers, and what is missing before
// anything may be sent (the cards "Add your key" and "Choose a model").
#include "core/session/ChatSession.h"

#include "core/net/HttpPolicy.h"
#include "core/settings/ProviderPresets.h"

using namespace Qt::StringLiterals;

namespace steadfast {

CardFacts ChatSession::cardFacts(int index) const
{
    if (index < 0 || index >= m_conversation->count())
        return {};
    const ConversationItem &item = m_conversation->at(index);
    if (item.kind != ConversationItem::Kind::Error)
        return {};
    ErrorCards::Context context;
    // The reply this failure broke, if its text was kept: the nearest row before the card
    // that is not another card.
    for (int row = index - 1; row >= 0; --row) {
        const ConversationItem &before = m_conversation->at(row);
        if (before.kind == ConversationItem::Kind::Error)
            continue;
        if (before.kind == ConversationItem::Kind::Assistant && before.interrupted
            && !before.text.isEmpty()) {
            context.wordsKept = ErrorCards::wordCount(before.text);
            context.replyRow = row;
        }
        break;
    }
    // The host the request went to decides, not the provider chosen now: a card keeps
    // pointing at the billing of the service that said it. A preset with a billing page
    // reached at another address (a proxy, a gateway) still links to it.
    context.billingUrl = billingPageFor(item.error.host);
    if (context.billingUrl.isEmpty() && !item.error.host.isEmpty()
        && item.error.host.compare(HttpPolicy::hostOf(m_connection.baseUrl), Qt::CaseInsensitive)
                == 0)
        context.billingUrl = m_connection.billingUrl;
    return ErrorCards::facts(item.error, context);
}

std::optional<ApiError> ChatSession::missingBeforeSending(const SessionConnection &connection)
{
    // Messages are technical English (logs, the activity log); the card says it in words.
    ApiError error;
    error.kind = ApiError::Kind::Validation;
    error.retryable = false;
    error.host = HttpPolicy::hostOf(connection.baseUrl);
    if (connection.keyRequired && connection.apiKey.isEmpty()) {
        error.code = ErrorCards::noKeyCode;
        error.message = u"%1 needs an API key; none is set"_s.arg(
                error.host.isEmpty() ? u"the server"_s : error.host);
        return error;
    }
    if (connection.model.trimmed().isEmpty()) {
        error.code = ErrorCards::noModelCode;
        error.message = u"Choose a model; the model name is empty"_s;
        return error;
    }
    return std::nullopt;
}

} // namespace steadfast
