package dev.switchboard.http;

/**
 * How a call is carried out. Every layer of a call (the HTTP exchange, the policy's waits, the
 * failover walk) is written once and runs in either mode, so the blocking and the non-blocking API
 * cannot behave differently.
 */
public enum CallMode {
  /**
   * On the caller's thread: the HTTP exchange runs with OkHttp's {@code execute}, waits sleep the
   * thread, and the returned future is already complete when the call returns.
   */
  BLOCKING,
  /**
   * Without holding the caller's thread: the HTTP exchange is enqueued with OkHttp, waits are
   * scheduled, and the returned future completes when the call ends.
   */
  NON_BLOCKING
}
