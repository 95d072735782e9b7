package dev.switchboard.testkit;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A failure a fake can be told to produce, and when: {@linkplain Phase#BEFORE before} the fake acts
 * (the provider never saw the call) or {@linkplain Phase#AFTER after} it acted (the call took
 * effect but the caller cannot know, as with a read timeout after the request was written).
 *
 * <pre>{@code
 * fake.failures().failNext(2, Failure.unavailable());
 * fake.failures().failNext(1, Failure.outcomeUnknownAfterActing()); // charged, but the caller sees an error
 * }</pre>
 */
public final class Failure {
  /** When the failure strikes, relative to the fake's own work. */
  public enum Phase {
    /** The fake throws before it changes any state. */
    BEFORE,
    /** The fake does the work, then throws instead of returning the result. */
    AFTER
  }

  private final Phase phase;
  private final Function<ErrorContext, ? extends SwitchboardException> factory;

  private Failure(Phase phase, Function<ErrorContext, ? extends SwitchboardException> factory) {
    this.phase = Objects.requireNonNull(phase, "phase == null");
    this.factory = Objects.requireNonNull(factory, "factory == null");
  }

  /**
   * A custom failure. The factory receives the context of the failing call (provider, operation,
   * idempotency key, whether the request was sent) and returns the exception to throw.
   */
  public static Failure of(
      Phase phase, Function<ErrorContext, ? extends SwitchboardException> factory) {
    return new Failure(phase, factory);
  }

  /** The provider is unreachable: nothing was sent, nothing happened. */
  public static Failure unavailable() {
    return new Failure(
        Phase.BEFORE, c -> new ProviderUnavailableException("injected: provider unavailable", c));
  }

  /** The call reached the provider, which then failed without acting (an ambiguous 5xx). */
  public static Failure outcomeUnknown() {
    return new Failure(
        Phase.BEFORE,
        c -> new OutcomeUnknownException("injected: outcome unknown (not acted on)", sent(c, 500)));
  }

  /** The provider acted, but the answer was lost: a retry with the same key must replay it. */
  public static Failure outcomeUnknownAfterActing() {
    return new Failure(
        Phase.AFTER,
        c ->
            new OutcomeUnknownException(
                "injected: outcome unknown (acted on, response lost)",
                c.toBuilder().requestSent(true).build()));
  }

  /** The provider throttled the call and asked to wait {@code retryAfter}. */
  public static Failure rateLimited(Duration retryAfter) {
    return new Failure(
        Phase.BEFORE,
        c -> new RateLimitedException("injected: rate limited", sent(c, 429), retryAfter));
  }

  /** The provider rejected the credentials. */
  public static Failure authentication() {
    return new Failure(
        Phase.BEFORE,
        c -> new AuthenticationException("injected: credentials rejected", sent(c, 401)));
  }

  /** The provider rejected the request as invalid. */
  public static Failure invalidRequest(String field) {
    return new Failure(
        Phase.BEFORE,
        c -> new InvalidRequestException("injected: invalid request", sent(c, 400), field, null));
  }

  private static ErrorContext sent(ErrorContext c, int status) {
    return c.toBuilder().requestSent(true).httpStatus(status).build();
  }

  public Phase phase() {
    return phase;
  }

  /** The exception for a call with this context. */
  public SwitchboardException exceptionFor(ErrorContext context) {
    return Objects.requireNonNull(factory.apply(context), "failure factory returned null");
  }
}
