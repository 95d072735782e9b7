package dev.switchboard.deferred;

/**
 * Where a {@link DeferredCall} stands. {@link #QUEUED}, {@link #RUNNING} and {@link #WAITING} are
 * open; the others are final.
 */
public enum DeferredState {
  /** Stored, not tried yet. */
  QUEUED,
  /** A worker is calling the vendor now. */
  RUNNING,
  /**
   * The last attempt met a provider that could not take it (unavailable, rate limited, breaker
   * open) or whose answer was unknown; the next attempt is at {@link DeferredCall#nextAttemptAt()}.
   */
  WAITING,
  /** Done: {@link DeferredCall#outcome()} holds the payment, the send result or the blob. */
  SUCCEEDED,
  /** A definite answer ended it: a decline, an invalid request, a conflict, credentials refused. */
  FAILED,
  /** Its deadline passed before any provider took it; {@code retry} revives it with its key. */
  DEAD,
  /** Canceled by the application before anything was sent. */
  CANCELED;

  /** Whether nothing more will happen to a call in this state unless it is retried. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == DEAD || this == CANCELED;
  }
}
