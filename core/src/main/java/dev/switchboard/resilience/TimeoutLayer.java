package dev.switchboard.resilience;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallDeadline;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt on the caller's thread under a {@link CallDeadline} of {@code timeout.call}
 * (none when it is zero). The transport ends its call at the deadline, or the watchdog interrupts
 * the thread; an attempt that then ends with an unknown outcome becomes an {@link
 * OutcomeUnknownException} "call did not finish within", and one that succeeded anyway returns its
 * result. A call that throws anything but a {@link SwitchboardException} is an adapter bug, wrapped
 * in an {@link OutcomeUnknownException}.
 */
final class TimeoutLayer {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final Duration timeout;

  TimeoutLayer(String provider, Duration timeout) {
    this.provider = provider;
    this.timeout = timeout;
  }

  <T> T execute(CallContext context, Supplier<T> call) {
    if (timeout.isZero()) {
      return invoke(context, call);
    }
    CallDeadline deadline = CallDeadline.start(timeout);
    try (deadline) {
      return invoke(context, call);
    } catch (SwitchboardException e) {
      throw afterDeadline(context, deadline, e);
    }
  }

  /**
   * The failure to report for an attempt that failed: itself, unless the deadline passed and its
   * outcome is unknown, which is then said to be the timeout, keeping the failure's context (its
   * key and retry hint) and the failure as the cause. A failure that settles the call (nothing was
   * sent, or the vendor answered) is reported as it is.
   */
  private SwitchboardException afterDeadline(
      CallContext context, CallDeadline deadline, SwitchboardException failure) {
    if (!(failure instanceof OutcomeUnknownException) || !deadline.passed()) {
      return failure;
    }
    log.info(
        "call timed out provider={} operation={} timeout={}ms idempotencyKey={}"
            + " outcome=OutcomeUnknownException",
        provider,
        context.operation(),
        timeout.toMillis(),
        context.idempotencyKey());
    return new OutcomeUnknownException(
        "call did not finish within " + timeout, failure.context(), failure);
  }

  private <T> T invoke(CallContext context, Supplier<T> call) {
    try {
      return call.get();
    } catch (SwitchboardException e) {
      throw e;
    } catch (Exception e) {
      throw unexpected(context, e);
    }
  }

  private OutcomeUnknownException unexpected(CallContext context, Throwable cause) {
    log.warn(
        "adapter threw a non-Switchboard exception provider={} operation={} outcome={}",
        provider,
        context.operation(),
        cause.getClass().getName());
    return new OutcomeUnknownException(
        "call failed with an unexpected " + cause.getClass().getName(),
        context.errorContext(true),
        cause);
  }
}
