package dev.switchboard.webhooks.inbox.internal;

import dev.switchboard.resilience.Backoff;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.inbox.InboxEvent;
import dev.switchboard.webhooks.inbox.InboxState;
import dev.switchboard.webhooks.inbox.WebhookHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stored event's handler: in order of occurrence per subject when asked, with full-jitter
 * back-off after a failure until the deadline, then DEAD. A handled event's claim in the replay
 * guard is completed; a dead one's is released, so a later delivery of it is accepted again.
 */
public final class HandlerRunner {
  private static final Logger log = LoggerFactory.getLogger(HandlerRunner.class);

  /** How the runner retries. */
  public record Settings(
      Duration backoffBase, Duration backoffCap, boolean ordered, Duration orderWait) {}

  private final EventStore store;
  private final Function<WebhookEvent, WebhookHandler> handlers;
  private final ReplayGuard claims;
  private final Clock clock;
  private final RandomGenerator random;
  private final Settings settings;

  public HandlerRunner(
      EventStore store,
      Function<WebhookEvent, WebhookHandler> handlers,
      ReplayGuard claims,
      Clock clock,
      RandomGenerator random,
      Settings settings) {
    this.store = store;
    this.handlers = handlers;
    this.claims = claims;
    this.clock = clock;
    this.random = random;
    this.settings = settings;
  }

  /** The replay guard's id for an event: unique across providers. */
  public static String claimId(WebhookEvent event) {
    return event.provider() + ":" + event.id();
  }

  /**
   * Runs the event stored as {@code id}.
   *
   * @return when to run it again; empty when its handling has ended
   */
  public Optional<Instant> run(String id) {
    Optional<EventStore.Row> found = store.load(id);
    if (found.isEmpty() || found.get().event().state().isFinal()) {
      return Optional.empty();
    }
    EventStore.Row row = found.get();
    InboxEvent stored = row.event();
    WebhookEvent event = stored.event();
    Instant now = clock.instant();
    if (settings.ordered() && event.subjectId() != null && store.earlierOpen(row)) {
      Instant next = now.plus(settings.orderWait());
      store.postpone(id, now, next);
      return Optional.of(next);
    }
    int attempt = stored.attempts() + 1;
    if (!store.markRunning(id, now, now + " attempt " + attempt + "\n")) {
      return Optional.empty();
    }
    WebhookHandler handler = handlers.apply(event);
    if (handler == null) {
      store.markEnded(
          id, InboxState.UNHANDLED, now, null, now + " no handler for " + describe(event) + "\n");
      claims.complete(claimId(event));
      return Optional.empty();
    }
    try {
      handler.handle(event);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return failed(id, stored, attempt, e);
    }
    Instant done = clock.instant();
    store.markEnded(id, InboxState.HANDLED, done, null, done + " handled\n");
    claims.complete(claimId(event));
    return Optional.empty();
  }

  private Optional<Instant> failed(String id, InboxEvent stored, int attempt, Throwable e) {
    Instant now = clock.instant();
    String error = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    Instant next =
        now.plus(
            Backoff.fullJitter(settings.backoffBase(), settings.backoffCap(), attempt, random));
    if (next.isAfter(stored.deadline())) {
      store.markEnded(
          id, InboxState.DEAD, now, error, now + " failed: " + error + "; deadline passed, DEAD\n");
      claims.release(claimId(stored.event()));
      log.warn(
          "webhook event {} of {} ({}) is DEAD after {} attempts",
          stored.eventId(),
          stored.provider(),
          stored.event().type(),
          attempt);
      return Optional.empty();
    }
    store.markWaiting(id, now, next, error, now + " failed: " + error + "; next at " + next + "\n");
    return Optional.of(next);
  }

  private static String describe(WebhookEvent event) {
    return event.isKnownType() ? event.type() : event.type() + " (" + event.vendorType() + ")";
  }
}
