package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket per provider that pays for retries, so that an outage stops retries instead of
 * multiplying the load on a provider that is already failing.
 *
 * <p>First attempts are free. A retry costs {@code retryCost} tokens, or {@code
 * outcomeUnknownRetryCost} when the failure it repeats was an {@link OutcomeUnknownException} (a
 * timeout or a 5xx, which is expensive for the provider). Every successful call puts one token
 * back, up to the capacity. When the bucket cannot pay, the call fails with its last error.
 *
 * <p>Defaults (see {@link ResilienceConfig}): capacity 100, a retry costs 5, a retry after an
 * unknown outcome costs 10; so a full bucket pays for 20 retries in a row, and 5 successes earn one
 * back. Thread-safe.
 */
public final class RetryBudget {
  private final int capacity;
  private final int retryCost;
  private final int outcomeUnknownRetryCost;
  private final AtomicInteger tokens;

  /**
   * A full bucket.
   *
   * @throws InvalidRequestException if the capacity is below 1 or a cost is below 0
   */
  public RetryBudget(int capacity, int retryCost, int outcomeUnknownRetryCost) {
    if (capacity < 1) {
      throw InvalidRequestException.invalidField(
          "retry-budget.capacity", "retry-budget.capacity must be at least 1, was " + capacity);
    }
    if (retryCost < 0) {
      throw InvalidRequestException.invalidField(
          "retry-budget.retry-cost",
          "retry-budget.retry-cost must be at least 0, was " + retryCost);
    }
    if (outcomeUnknownRetryCost < 0) {
      throw InvalidRequestException.invalidField(
          "retry-budget.outcome-unknown-retry-cost",
          "retry-budget.outcome-unknown-retry-cost must be at least 0, was "
              + outcomeUnknownRetryCost);
    }
    this.capacity = capacity;
    this.retryCost = retryCost;
    this.outcomeUnknownRetryCost = outcomeUnknownRetryCost;
    this.tokens = new AtomicInteger(capacity);
  }

  /**
   * Takes the tokens for one retry of the given failure, if the bucket holds enough.
   *
   * @return whether the retry is paid for; when false nothing was taken
   */
  public boolean tryAcquireRetry(Throwable previousFailure) {
    int cost =
        previousFailure instanceof OutcomeUnknownException ? outcomeUnknownRetryCost : retryCost;
    while (true) {
      int current = tokens.get();
      if (current < cost) {
        return false;
      }
      if (tokens.compareAndSet(current, current - cost)) {
        return true;
      }
    }
  }

  /** Puts one token back for a successful call, up to the capacity. */
  public void onSuccess() {
    // A full bucket, the usual case, is only read: writing the same count back would still take
    // the counter's cache line from every other core calling the same provider.
    if (tokens.get() < capacity) {
      tokens.updateAndGet(current -> Math.min(capacity, current + 1));
    }
  }

  /** The tokens in the bucket now. */
  public int available() {
    return tokens.get();
  }

  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return "RetryBudget{available=" + available() + ", capacity=" + capacity + "}";
  }
}
