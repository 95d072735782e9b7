package dev.switchboard.resilience;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of how one provider is doing, for health endpoints, dashboards and failover decisions.
 *
 * <pre>{@code
 * ProviderHealth health = policy.health();
 * if (health.breakerState() == BreakerState.OPEN) { ... }
 * }</pre>
 *
 * @param provider the provider's name
 * @param breakerState its circuit breaker's state
 * @param lastError the last failure the provider itself reported (not a local refusal, not a
 *     caller's mistake such as an invalid request or a decline), empty if none yet
 * @param remainingQuota the vendor's remaining quota as the {@link QuotaTracker} knows it, empty
 *     until the vendor reported one
 * @param retryBudgetTokens the tokens left in the provider's {@link RetryBudget}
 * @param heldUntil while the provider is held after the vendor rate-limited it ({@code
 *     rate-limit.hold.*}), when the hold ends: until then every call to it is refused locally with
 *     reason {@code VENDOR_HOLD}; empty when it is not held
 * @param probing whether a health probe, the breaker's half-open trial, is running now
 */
public record ProviderHealth(
    String provider,
    BreakerState breakerState,
    Optional<LastError> lastError,
    OptionalLong remainingQuota,
    int retryBudgetTokens,
    Optional<Instant> heldUntil,
    boolean probing) {

  /** A provider that is neither held nor being probed. */
  public ProviderHealth(
      String provider,
      BreakerState breakerState,
      Optional<LastError> lastError,
      OptionalLong remainingQuota,
      int retryBudgetTokens) {
    this(
        provider,
        breakerState,
        lastError,
        remainingQuota,
        retryBudgetTokens,
        Optional.empty(),
        false);
  }

  public ProviderHealth {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(breakerState, "breakerState == null");
    Objects.requireNonNull(lastError, "lastError == null");
    Objects.requireNonNull(remainingQuota, "remainingQuota == null");
    Objects.requireNonNull(heldUntil, "heldUntil == null");
  }

  /**
   * A summary of a failure, without its stack trace.
   *
   * @param type the exception's simple class name, such as {@code OutcomeUnknownException}
   * @param reason its reason, without the appended context
   * @param at when it happened, by the policy's clock
   */
  public record LastError(String type, String reason, Instant at) {
    public LastError {
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(at, "at == null");
    }
  }
}
