package dev.switchboard.state;

import java.time.Duration;
import java.time.Instant;

/**
 * What the failover composites did with the state store, for metrics and logs. Listeners receive
 * events synchronously on the calling thread.
 *
 * <pre>{@code
 * switchboard.addStateListener(event -> {
 *   if (event instanceof StateEvent.PinnedRefusal refusal) {
 *     alerts.warn("repeat of a " + refusal.scope() + " refused at " + refusal.provider());
 *   }
 * });
 * }</pre>
 */
public sealed interface StateEvent {
  /** When it happened. */
  Instant at();

  /**
   * A key was claimed in the ledger: {@code won} for a first claim (or a claim after a failed
   * attempt), otherwise a repeat of a key an earlier attempt holds.
   *
   * @param scope such as {@code payments.charge}
   * @param provider the provider the key went to: the claimant's when won, the earlier one's when
   *     not
   */
  record KeyClaimed(String scope, String provider, boolean won, Instant at) implements StateEvent {}

  /**
   * A repeat of a key pinned to {@code provider} could not run there now, and the caller was told
   * the state is the earlier attempt's ({@code dev.switchboard.EarlierAttemptException}).
   */
  record PinnedRefusal(String scope, String provider, LedgerState state, Instant at)
      implements StateEvent {}

  /**
   * One call to the store ({@code claim}, {@code settle}, ...) and how long it took.
   *
   * @param failed whether it failed (the store could not be reached or answered wrongly)
   */
  record StoreCall(String store, String operation, Duration latency, boolean failed, Instant at)
      implements StateEvent {}
}
