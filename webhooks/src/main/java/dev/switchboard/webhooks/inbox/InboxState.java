package dev.switchboard.webhooks.inbox;

/** Where an accepted event's handling stands. */
public enum InboxState {
  /** Stored and acknowledged; its handler has not run yet. */
  QUEUED,
  /** A worker is running its handler now. */
  RUNNING,
  /** Its handler failed; it runs again at {@link InboxEvent#nextAttemptAt()}. */
  WAITING,
  /** Its handler succeeded. */
  HANDLED,
  /**
   * No handler was registered for its type when it ran; {@link WebhookInbox#replay} runs it again
   * once one is.
   */
  UNHANDLED,
  /** Its handler kept failing until the deadline; {@link WebhookInbox#replay} runs it again. */
  DEAD;

  /** Whether the event's handling has ended, for now. */
  public boolean isFinal() {
    return this == HANDLED || this == UNHANDLED || this == DEAD;
  }
}
