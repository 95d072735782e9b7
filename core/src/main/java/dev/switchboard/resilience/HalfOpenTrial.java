package dev.switchboard.resilience;

/**
 * What a half-open circuit breaker lets through as its trial, once its open wait is over: property
 * {@code breaker.half-open-trial}, {@link ResilienceConfig.Builder#breakerHalfOpenTrial}.
 *
 * <pre>{@code
 * ResilienceConfig config = ResilienceConfig.builder().breakerHalfOpenTrial(HalfOpenTrial.CALL).build();
 * }</pre>
 */
public enum HalfOpenTrial {
  /**
   * The default: the provider's {@link HealthProbe} is the trial, run on a shared background
   * thread; customers' calls stay refused (and fail over at once) until the breaker closes. A
   * provider that names no probe falls back to {@link #CALL}.
   */
  PROBE,
  /** The next {@code breaker.half-open-calls} customers' calls are the trial. */
  CALL
}
