package dev.switchboard.resilience;

import dev.switchboard.AuthenticationException;
import dev.switchboard.SwitchboardException;
import java.time.Duration;
import java.time.Instant;

/**
 * Something a {@link ResiliencePolicy} did that an operator may want to see: a retry scheduled, a
 * breaker changing state, a call refused, the retry budget running dry, an authentication retry, a
 * call completed. Listeners receive them synchronously on the calling thread; {@code at} comes from
 * the policy's injected clock.
 *
 * <pre>{@code
 * policy.addListener(event -> {
 *   if (event instanceof ResilienceEvent.BreakerStateChanged changed) {
 *     log.warn("{} breaker {} -> {}", changed.provider(), changed.from(), changed.to());
 *   }
 * });
 * }</pre>
 */
public sealed interface ResilienceEvent {
  /** The provider whose policy emitted the event. */
  String provider();

  /** When it happened, by the policy's clock. */
  Instant at();

  /**
   * A failed attempt will be retried after {@code delay}.
   *
   * @param attempt the attempt that failed, 1 for the first call
   */
  record RetryScheduled(
      String provider,
      String operation,
      int attempt,
      Duration delay,
      SwitchboardException cause,
      Instant at)
      implements ResilienceEvent {
    public RetryScheduled {
      require("provider", provider);
      require("operation", operation);
      require("delay", delay);
      require("cause", cause);
      require("at", at);
    }
  }

  /** The provider's circuit breaker moved from one state to another. */
  record BreakerStateChanged(String provider, BreakerState from, BreakerState to, Instant at)
      implements ResilienceEvent {
    public BreakerStateChanged {
      require("provider", provider);
      require("from", from);
      require("to", to);
      require("at", at);
    }
  }

  /** The policy refused a call itself, without asking the provider. */
  record CallRefused(String provider, String operation, RefusalReason reason, Instant at)
      implements ResilienceEvent {
    public CallRefused {
      require("provider", provider);
      require("operation", operation);
      require("reason", reason);
      require("at", at);
    }
  }

  /**
   * A retryable failure was not retried because the provider's retry budget could not pay for it.
   *
   * @param available the tokens left in the budget
   */
  record RetryBudgetExhausted(
      String provider, String operation, int available, SwitchboardException cause, Instant at)
      implements ResilienceEvent {
    public RetryBudgetExhausted {
      require("provider", provider);
      require("operation", operation);
      require("cause", cause);
      require("at", at);
    }
  }

  /** The provider rejected the credentials; the hook ran and the call is retried once. */
  record AuthenticationRetried(
      String provider, String operation, AuthenticationException cause, Instant at)
      implements ResilienceEvent {
    public AuthenticationRetried {
      require("provider", provider);
      require("operation", operation);
      require("cause", cause);
      require("at", at);
    }
  }

  /**
   * A call finished, after every attempt the policy made: the measure of latency and outcome that
   * metrics are built from.
   *
   * @param attempts the attempts the policy made, a refusal by the policy itself included
   * @param duration from the call's start to its end, by the policy's clock, waits included
   * @param failure what the caller got instead of a result, or null when the call succeeded
   */
  record CallCompleted(
      String provider,
      String operation,
      int attempts,
      Duration duration,
      SwitchboardException failure,
      Instant at)
      implements ResilienceEvent {
    public CallCompleted {
      require("provider", provider);
      require("operation", operation);
      require("duration", duration);
      require("at", at);
    }

    /** Whether the caller got a result. */
    public boolean succeeded() {
      return failure == null;
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }
}
