package dev.switchboard.webhooks.inbox;

import dev.switchboard.webhooks.WebhookEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * An event the inbox accepted, with where its handling stands.
 *
 * @param event the verified event, as its verifier produced it
 * @param state where its handling stands
 * @param attempts how many times a handler has been started on it
 * @param receivedAt when the inbox stored it (and so acknowledged it)
 * @param deadline after which a failing handler is not tried again
 * @param nextAttemptAt when a waiting event runs next; null otherwise
 * @param lastError the last handler failure (its class and message), or null
 * @param history one line per step: received, each attempt and how it ended, replays
 */
public record InboxEvent(
    WebhookEvent event,
    InboxState state,
    int attempts,
    Instant receivedAt,
    Instant deadline,
    Instant nextAttemptAt,
    String lastError,
    String history) {

  /** The provider the event came from. */
  public String provider() {
    return event.provider();
  }

  /** The vendor's event id. */
  public String eventId() {
    return event.id();
  }

  /** When a waiting event runs next. */
  public Optional<Instant> nextAttempt() {
    return Optional.ofNullable(nextAttemptAt);
  }

  /** The last handler failure, if any. */
  public Optional<String> error() {
    return Optional.ofNullable(lastError);
  }
}
