package dev.switchboard.resilience;

/**
 * A provider's circuit breaker state, in words that do not depend on the library underneath.
 *
 * <p>A failover composite skips a provider whose breaker refuses the call, but keeps offering it
 * calls, so that an {@link #OPEN} breaker becomes {@link #HALF_OPEN} once its wait has passed and
 * traffic returns to the primary by itself.
 */
public enum BreakerState {
  /** Calls flow; failures are being counted. */
  CLOSED,
  /** Calls are refused until the wait in open has passed. */
  OPEN,
  /** A few trial calls are let through; their outcome closes or reopens the breaker. */
  HALF_OPEN,
  /** The breaker never refuses a call. */
  DISABLED,
  /** The breaker refuses every call until an operator releases it. */
  FORCED_OPEN
}
