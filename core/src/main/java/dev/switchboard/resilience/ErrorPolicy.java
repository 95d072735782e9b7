package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that turns an exception into decisions: retry the same provider, count it against
 * the breaker, move it to another provider. Retry, breaker and failover composites all ask here, so
 * the error taxonomy's rules are encoded once.
 *
 * <table>
 *   <caption>What each failure allows</caption>
 *   <tr><th>exception</th><th>{@link #retryRule retry same provider}</th>
 *       <th>{@link #countsForBreaker counts for breaker}</th>
 *       <th>{@link #mayFailOver fail over}</th></tr>
 *   <tr><td>{@code RateLimitedException}</td><td>yes, after its hint</td><td>no</td><td>yes</td></tr>
 *   <tr><td>{@code ProviderUnavailableException}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code OutcomeUnknownException}</td><td>yes, with the same idempotency key</td>
 *       <td>yes</td><td>payment: never; email: if the scope allows; storage read: yes;
 *       storage write: if the scope allows</td></tr>
 *   <tr><td>{@code AuthenticationException}</td><td>once, after the
 *       {@link AuthenticationFailureHook} re-read the secret</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code PaymentDeclinedException}</td><td>no</td><td>no (the provider works)</td>
 *       <td>only codes the scope opts in</td></tr>
 *   <tr><td>{@code InvalidRequestException} (incl. {@code ConflictException}),
 *       {@code NotFoundException}</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@code WebhookVerificationException}, {@code AllProvidersUnavailableException},
 *       anything that is not a {@code SwitchboardException}</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>a {@linkplain #localRefusal local refusal}: breaker open, bulkhead full, client-side
 *       rate limit, quota reserve, policy closed</td><td>no (the policy itself said no)</td>
 *       <td>no (ignored: the provider was not asked)</td><td>yes</td></tr>
 * </table>
 *
 * <p>A local refusal is a {@code ProviderUnavailableException} or {@code RateLimitedException} the
 * policy created itself; the last row wins over the row of its class.
 *
 * <p>A programming error (a {@code NullPointerException} naming a null argument, an {@code
 * IllegalArgumentException}, an {@code IllegalStateException} from a builder) is not a {@code
 * SwitchboardException}: never retried, never counted, never failed over. Ports and composites
 * throw it before a policy runs the call.
 *
 * <pre>{@code
 * try {
 *   return policy.execute("charge", key, () -> primary.charge(request));
 * } catch (SwitchboardException e) {
 *   if (!ErrorPolicy.mayFailOver(e, FailoverScope.payment())) throw e;
 *   // try the next provider
 * }
 * }</pre>
 */
public final class ErrorPolicy {
  /** How a failure may be retried on the same provider. */
  public enum RetryRule {
    /** Not retried: sending it again cannot help or the policy itself refused it. */
    NEVER,
    /** Retried after an exponential back-off with full jitter. */
    AFTER_BACKOFF,
    /** Retried after the provider's hint when it gave one, else after the back-off. */
    AFTER_HINT,
    /** Retried once, and only after the {@link AuthenticationFailureHook} ran. */
    ONCE_AFTER_CREDENTIAL_REFRESH
  }

  private ErrorPolicy() {}

  /**
   * How the given failure may be retried on the same provider; see the table above. A vendor's
   * explicit hint ({@link ErrorContext#vendorRetryHint()}) overrides the table: {@code false}
   * forbids any retry, {@code true} allows a retry after the back-off (with the same idempotency
   * key) where the table would not.
   */
  public static RetryRule retryRule(Throwable failure) {
    if (localRefusal(failure).isPresent()) {
      return RetryRule.NEVER;
    }
    RetryRule byClass = retryRuleByClass(failure);
    Optional<Boolean> hint =
        failure instanceof SwitchboardException e
            ? e.context().vendorRetryHint()
            : Optional.empty();
    if (hint.isEmpty()) {
      return byClass;
    }
    if (!hint.get()) {
      return RetryRule.NEVER;
    }
    return byClass == RetryRule.NEVER ? RetryRule.AFTER_BACKOFF : byClass;
  }

  private static RetryRule retryRuleByClass(Throwable failure) {
    if (failure instanceof RateLimitedException) {
      return RetryRule.AFTER_HINT;
    }
    if (failure instanceof ProviderUnavailableException
        || failure instanceof OutcomeUnknownException) {
      return RetryRule.AFTER_BACKOFF;
    }
    if (failure instanceof AuthenticationException) {
      return RetryRule.ONCE_AFTER_CREDENTIAL_REFRESH;
    }
    return RetryRule.NEVER;
  }

  /** Whether the failure may be retried on the same provider in some way. */
  public static boolean isRetryable(Throwable failure) {
    return retryRule(failure) != RetryRule.NEVER;
  }

  /**
   * Whether the failure says the provider is unhealthy and so counts as a failure for its circuit
   * breaker. Every other outcome is recorded as a success (a decline proves the provider works),
   * except {@linkplain #localRefusal local refusals}, which the breaker ignores.
   */
  public static boolean countsForBreaker(Throwable failure) {
    if (localRefusal(failure).isPresent()) {
      return false;
    }
    return failure instanceof AuthenticationException
        || failure instanceof ProviderUnavailableException
        || failure instanceof OutcomeUnknownException;
  }

  /**
   * Whether a failover composite may move the failed call to its next provider.
   *
   * @throws NullPointerException if the scope is null
   */
  public static boolean mayFailOver(Throwable failure, FailoverScope scope) {
    Objects.requireNonNull(scope, "scope == null");
    if (failure instanceof RateLimitedException
        || failure instanceof ProviderUnavailableException) {
      return true;
    }
    if (failure instanceof OutcomeUnknownException) {
      return scope.kind() != FailoverScope.Kind.PAYMENT && scope.unknownOutcomeMayFailOver();
    }
    if (failure instanceof PaymentDeclinedException declined) {
      return scope.kind() == FailoverScope.Kind.PAYMENT
          && declined.failure() != null
          && scope.declinesThatMayFailOver().contains(declined.failure().code());
    }
    return false;
  }

  /**
   * How long to wait before the failed call is worth offering again, when anyone said: a rate
   * limit's {@code Retry-After}, or the rest of an open circuit breaker's wait (its refusals cost
   * the vendor nothing, but a call offered sooner is refused again). For {@link
   * AllProvidersUnavailableException}, the shortest wait among the providers, since the call may go
   * to whichever takes it first; a provider that gave no hint may take it at once. A failure caused
   * by another's refusal (such as {@link dev.switchboard.EarlierAttemptException}, the pinned
   * provider refusing a repeat) waits as that refusal does. Empty when no failure gave a hint.
   *
   * @param now the current time, by the clock the policies use
   */
  public static Optional<Duration> retryAfter(Throwable failure, Instant now) {
    if (failure instanceof AllProvidersUnavailableException all) {
      Duration shortest = null;
      for (SwitchboardException cause : all.causes()) {
        Duration wait = retryAfter(cause, now).orElse(Duration.ZERO);
        shortest = shortest == null || wait.compareTo(shortest) < 0 ? wait : shortest;
      }
      return Optional.ofNullable(shortest).filter(wait -> !wait.isZero());
    }
    if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
      return limited.retryAfter();
    }
    if (failure != null && failure.getCause() instanceof LocalRefusal marker) {
      return marker
          .until()
          .map(until -> Duration.between(now, until))
          .filter(wait -> !wait.isNegative() && !wait.isZero());
    }
    // A failure that carries another's refusal (the pinned provider refusing a repeat, for
    // EarlierAttemptException) waits as that refusal does.
    if (failure != null && failure.getCause() instanceof SwitchboardException refusal) {
      return retryAfter(refusal, now);
    }
    return Optional.empty();
  }

  /**
   * Why the policy refused the call itself, if it did: the failure was created by a {@link
   * ResiliencePolicy} without asking the provider (breaker open, bulkhead full, client-side rate
   * limit, quota reserve, policy closed). Empty for every failure a provider reported.
   */
  public static Optional<RefusalReason> localRefusal(Throwable failure) {
    if (!(failure instanceof ProviderUnavailableException)
        && !(failure instanceof RateLimitedException)) {
      return Optional.empty();
    }
    Throwable cause = failure.getCause();
    if (cause instanceof LocalRefusal marker) {
      return Optional.of(marker.reason());
    }
    if (cause instanceof CallNotPermittedException) {
      return Optional.of(RefusalReason.BREAKER_OPEN);
    }
    if (cause instanceof BulkheadFullException) {
      return Optional.of(RefusalReason.BULKHEAD_FULL);
    }
    if (cause instanceof RequestNotPermitted) {
      return Optional.of(RefusalReason.RATE_LIMITED);
    }
    return Optional.empty();
  }

  /** Whether the policy refused the call itself; see {@link #localRefusal}. */
  public static boolean isLocalRefusal(Throwable failure) {
    return localRefusal(failure).isPresent();
  }

  /**
   * Whether the policy shed the call because its bulkhead was full: a refusal ({@link
   * RefusalReason#BULKHEAD_FULL}) that says this instance is busy, not that the provider is in
   * trouble. Metrics report it as {@code outcome=shed}, and a failover composite that moves it on
   * does not count it as the provider's outage.
   */
  public static boolean isLoadShed(Throwable failure) {
    return localRefusal(failure).orElse(null) == RefusalReason.BULKHEAD_FULL;
  }

  /**
   * Whether a failure on a retry is the provider's definite answer about the call, and so replaces
   * an earlier unknown outcome. A conflict does not: with the same idempotency key it usually means
   * the earlier attempt is still being processed.
   */
  static boolean settlesEarlierUnknownOutcome(Throwable failure) {
    if (failure instanceof ConflictException) {
      return false;
    }
    return failure instanceof InvalidRequestException
        || failure instanceof NotFoundException
        || failure instanceof PaymentDeclinedException;
  }
}
