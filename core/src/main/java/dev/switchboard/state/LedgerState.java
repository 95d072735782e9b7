package dev.switchboard.state;

/**
 * Where a state-changing call stands in the {@link KeyLedger}.
 *
 * <pre>{@code
 * PENDING ──► SUCCEEDED
 *    │   ├──► UNKNOWN ──► SUCCEEDED | FAILED (a definite answer to a repeat)
 *    │   └──► FAILED  ──► PENDING (claimed again, possibly by another provider)
 * }</pre>
 */
public enum LedgerState {
  /** Claimed: the request is about to leave, or left and no answer was recorded (a crash). */
  PENDING,
  /** The vendor acted; the record holds its id for the call's result. */
  SUCCEEDED,
  /** The vendor certainly did not act, or definitely refused: the key may be claimed again. */
  FAILED,
  /** The request may have been acted on: a repeat goes to the same provider with the same key. */
  UNKNOWN;

  /**
   * Whether a repeat of the key must go to the provider of the record: every state but {@link
   * #FAILED}, since in each of them the vendor may have acted.
   */
  public boolean pinsProvider() {
    return this != FAILED;
  }
}
