// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorTraits.h"

#include <array>

namespace steadfast::ErrorTraits {

namespace {

using K = ApiError::Kind;
using A = Attention;
using S = Severity;
using V = CardVariant;
using Action = ErrorCards::Action;
using Detail = ErrorCards::Detail;

constexpr Action None = Action::None;
constexpr Action TryAgain = Action::TryAgain;
constexpr Action Settings = Action::OpenSettings;
constexpr Action Model = Action::ChooseModel;
constexpr Action Edit = Action::EditMessage;
constexpr bool Y = true;
constexpr bool N = false;

/// One row per kind, in the order of ApiError::Kind (DESIGN.md's taxonomy: retried, counted by
/// the breaker). The card's status line is shown where the status is a fact about the failure
/// (not the 200 of a stream that broke, or of a reply the user stopped); the request id
/// wherever a server gave one.
// clang-format off
constexpr std::array rows{
//  kind                  retry brk  endp attention       severity    exit             primary        secondary  status id  detail            variant            transport failure
Row{K::None,              N,    N,   N,   A::None,        S::Information, ExitOk,      None,          None,      N,    N,   Detail::Hidden,   V::None,           nullptr},
Row{K::RateLimited,       Y,    N,   Y,   A::None,        S::Warning, ExitPermanent,   TryAgain,      None,      Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::QuotaExceeded,     N,    N,   Y,   A::Quota,       S::Error,   ExitPermanent,   None,          None,      Y,    Y,   Detail::Shown,    V::BillingPage,    nullptr},
Row{K::Connection,        Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      N,    Y,   Detail::Shown,    V::None,           "cannot connect to %1: %2"},
Row{K::Timeout,           Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      N,    Y,   Detail::Shown,    V::CutOffWhenIdle, "%1 did not answer in time: %2"},
Row{K::StreamStalled,     Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      N,    Y,   Detail::Shown,    V::CutOff,         nullptr},
Row{K::StreamInterrupted, Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      N,    Y,   Detail::Shown,    V::CutOff,         nullptr},
Row{K::RequestTimeout,    Y,    N,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::Server,            Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      Y,    Y,   Detail::Shown,    V::None,           "%1 reported a server error: %2"},
Row{K::InvalidResponse,   Y,    Y,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      Y,    Y,   Detail::Shown,    V::None,           "%1 sent a reply that could not be read: %2"},
Row{K::Authentication,    N,    N,   Y,   A::Key,         S::Error,   ExitPermanent,   Settings,      TryAgain,  Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::Permission,        N,    N,   Y,   A::Access,      S::Error,   ExitPermanent,   Settings,      Model,     Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::NotFound,          N,    N,   Y,   A::Model,       S::Error,   ExitPermanent,   Model,         TryAgain,  Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::Conflict,          N,    N,   Y,   A::None,        S::Error,   ExitPermanent,   TryAgain,      None,      Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::BadRequest,        N,    N,   Y,   A::None,        S::Error,   ExitPermanent,   Edit,          TryAgain,  Y,    Y,   Detail::Shown,    V::ContextTooLong, nullptr},
Row{K::Unprocessable,     N,    N,   Y,   A::None,        S::Error,   ExitPermanent,   Edit,          TryAgain,  Y,    Y,   Detail::Shown,    V::None,           nullptr},
Row{K::Tls,               N,    N,   Y,   A::Certificate, S::Error,   ExitPermanent,   Settings,      TryAgain,  N,    N,   Detail::Disclosed, V::None,          "secure connection to %1 failed: %2"},
Row{K::ProxyAuthentication,N,   N,   Y,   A::Proxy,       S::Error,   ExitPermanent,   Settings,      TryAgain,  Y,    Y,   Detail::Shown,    V::None,           "the proxy on the way to %1 asks for a login: %2"},
Row{K::Redirect,          N,    N,   Y,   A::Address,     S::Error,   ExitPermanent,   Settings,      TryAgain,  Y,    Y,   Detail::Shown,    V::None,           "%1 redirected the request where it may not go: %2"},
Row{K::Validation,        N,    N,   N,   A::None,        S::Warning, ExitUsage,       Edit,          TryAgain,  N,    N,   Detail::Shown,    V::NotSent,        nullptr},
// CircuitOpen: no detail ("next probe in 9 s" would freeze); the live line says it.
Row{K::CircuitOpen,       N,    N,   N,   A::None,        S::Warning, ExitCircuitOpen, Action::SendWhenBack, None, N, N,   Detail::Hidden,   V::None,           nullptr},
Row{K::Cancelled,         N,    N,   N,   A::None,        S::Information, ExitInterrupted, TryAgain,  None,      N,    N,   Detail::Hidden,   V::None,           "cancelled by the user"},
};
// clang-format on

constexpr bool inKindOrder()
{
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (std::size_t(rows[i].kind) != i)
            return false;
    }
    return true;
}

static_assert(rows.size() == std::size_t(K::Cancelled) + 1, "one row per ApiError::Kind");
static_assert(inKindOrder(), "row i is the row of kind i");

/// For a value outside the enum: nothing to do, nothing counted.
constexpr Row unknown{K::None, N,    N, N, A::None,       S::Error, ExitPermanent,
                      None,    None, N, Y, Detail::Shown, V::None,  nullptr};

} // namespace

const Row &of(ApiError::Kind kind)
{
    const auto index = std::size_t(kind);
    return index < rows.size() ? rows.at(index) : unknown;
}

int exitCode(const ApiError &error)
{
    const ExitCode code = of(error.kind).exitCode;
    return code == ExitPermanent && error.retryable ? ExitExhausted : code;
}

} // namespace steadfast::ErrorTraits
