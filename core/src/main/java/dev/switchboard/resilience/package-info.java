/**
 * Resilience applied at the port level, the same for every adapter and fake: retry with full jitter
 * and a retry budget, a circuit breaker, client-side rate limiting and vendor quota tracking, a
 * bulkhead and a whole-call timeout, all built on Resilience4j.
 *
 * <p>{@link dev.switchboard.resilience.ResiliencePolicy} is the entry point, one per provider;
 * {@link dev.switchboard.resilience.ErrorPolicy} is the single decision table that says, for any
 * failure, whether it is retried, counted against the breaker, or failed over.
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.of("acme-pay", ResilienceConfig.builder()
 *     .retryMaxAttempts(4)
 *     .build());
 * Payment payment = policy.execute("charge", key, () -> adapter.charge(request));
 * }</pre>
 */
package dev.switchboard.resilience;
