package dev.switchboard.resilience;

import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One policy's listeners, and the events and refusals every layer reports through them. A listener
 * that throws is logged and skipped, never allowed to fail the call.
 */
final class PolicyEvents {
  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final String provider;
  private final Clock clock;
  private final List<ResilienceListener> listeners = new CopyOnWriteArrayList<>();

  PolicyEvents(String provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
  }

  void add(ResilienceListener listener) {
    listeners.add(listener);
  }

  void remove(ResilienceListener listener) {
    listeners.remove(listener);
  }

  Instant now() {
    return clock.instant();
  }

  /** Reports a refusal the policy made itself and hands the refusal back for throwing. */
  <E extends SwitchboardException> E refused(CallContext context, RefusalReason reason, E refusal) {
    log.debug(
        "call refused provider={} operation={} reason={} idempotencyKey={}",
        provider,
        context.operation(),
        reason,
        context.idempotencyKey());
    emit(new ResilienceEvent.CallRefused(provider, context.operation(), reason, clock.instant()));
    return refusal;
  }

  /**
   * The refusal for a call stopped while it waited for a permit, before anything was sent: its
   * thread was interrupted, or its caller cancelled it.
   */
  ProviderUnavailableException interrupted(CallContext context, Exception e) {
    ProviderUnavailableException refusal =
        new ProviderUnavailableException(
            e instanceof InterruptedException
                ? "interrupted before the call was sent"
                : "cancelled before the call was sent",
            context.errorContext(false),
            new LocalRefusal(RefusalReason.INTERRUPTED));
    refusal.addSuppressed(e);
    return refused(context, RefusalReason.INTERRUPTED, refusal);
  }

  /**
   * When a call starts, for its {@link #completed} event; null while no listener is registered, so
   * that a provider nobody listens to reads no clock and builds no event. A listener registered
   * while a call runs hears about calls that start after it.
   */
  Instant startedAt() {
    return listeners.isEmpty() ? null : clock.instant();
  }

  void completed(String operation, int attempts, Instant started, SwitchboardException failure) {
    if (started == null) {
      return;
    }
    Instant now = clock.instant();
    emit(
        new ResilienceEvent.CallCompleted(
            provider, operation, attempts, Duration.between(started, now), failure, now));
  }

  void emit(ResilienceEvent event) {
    for (ResilienceListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "resilience listener failed provider={} event={}",
            provider,
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
