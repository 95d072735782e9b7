package dev.switchboard.state.redis.internal;

/**
 * A value under one of the store's keys is not in the store's format: written by something else, or
 * by a newer version. Treated like an unreachable store, so a payment fails closed.
 */
final class UnreadableValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreadableValueException(String what) {
    super("unreadable " + what + " in Redis");
  }
}
