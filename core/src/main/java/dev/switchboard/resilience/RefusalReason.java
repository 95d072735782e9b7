package dev.switchboard.resilience;

/**
 * Why a {@link ResiliencePolicy} refused a call itself, without contacting the provider. A refused
 * call is never sent, never retried by the policy and never counted against the breaker; a failover
 * composite moves it to the next provider. See {@link ErrorPolicy#localRefusal}.
 */
public enum RefusalReason {
  /** The circuit breaker is open (or half-open with every trial call already taken). */
  BREAKER_OPEN,
  /**
   * The bulkhead's concurrent calls stayed all in use for {@code bulkhead.max-wait}: load shedding
   * by this instance, not a sign of trouble at the provider (see {@link ErrorPolicy#isLoadShed}).
   */
  BULKHEAD_FULL,
  /** The client-side rate limiter has no permit within its maximum wait. */
  RATE_LIMITED,
  /** The vendor's reported quota is at the reserve and resets later than the maximum wait. */
  QUOTA_RESERVE,
  /**
   * The provider answered a recent call with a rate limit ({@code 429}, or S3's {@code 503
   * SlowDown}), and the policy holds every call to it for the vendor's {@code Retry-After}, or for
   * an escalating default when it gave none; see {@code rate-limit.hold.max}.
   */
  VENDOR_HOLD,
  /** The calling thread was interrupted while it waited for a permit, before anything was sent. */
  INTERRUPTED,
  /** The policy was {@linkplain ResiliencePolicy#close() closed}. */
  POLICY_CLOSED
}
