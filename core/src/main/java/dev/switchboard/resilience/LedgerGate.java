package dev.switchboard.resilience;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.http.CallMode;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateEvent;
import dev.switchboard.state.StateListener;
import dev.switchboard.state.StateStoreException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;

/**
 * A composite's door to its {@link KeyLedger}: claims that may throw (the caller decides whether to
 * fail closed), settles that never do (a record left pending still pins its provider, which is
 * safe), and the events both produce.
 */
final class LedgerGate {
  private final KeyLedger ledger;
  private final StateListener listener;
  private final Executor settler;
  private final Executor ledgerExecutor;
  private final Clock clock;
  private final Logger log;

  /**
   * @param settler where {@link #settleLater} runs settles off the caller's path, or null to run
   *     them on the caller's thread
   * @param ledgerExecutor where non-blocking calls run the ledger calls they wait for, when the
   *     ledger blocks; null to run them on the thread that reached the step
   */
  LedgerGate(
      KeyLedger ledger,
      StateListener listener,
      Executor settler,
      Executor ledgerExecutor,
      Clock clock,
      Logger log) {
    this.ledger = ledger;
    this.listener = listener;
    this.settler = settler;
    this.ledgerExecutor = ledgerExecutor;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Claims {@code key} for {@code provider}.
   *
   * @throws StateStoreException when the store cannot be reached
   */
  Claim claim(
      String scope,
      IdempotencyKey key,
      String provider,
      IdempotencyKey sentKey,
      String fingerprint) {
    Claim claim;
    try {
      claim = ledger.claim(scope, key.value(), provider, sentKey.value(), fingerprint);
    } catch (StateStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StateStoreException(
          ledger.toString(), "claim", "unexpected " + e.getClass().getName(), e);
    }
    emit(new StateEvent.KeyClaimed(scope, claim.record().provider(), claim.won(), clock.instant()));
    return claim;
  }

  /** Whether a call in {@code mode} runs its ledger calls on the ledger executor. */
  boolean offloads(CallMode mode) {
    return mode == CallMode.NON_BLOCKING && ledgerExecutor != null;
  }

  /**
   * {@link #claim} on the ledger executor; the future fails with a {@link StateStoreException} when
   * the store cannot be reached or the executor refuses the claim.
   */
  CompletableFuture<Claim> claimOffloaded(
      String scope,
      IdempotencyKey key,
      String provider,
      IdempotencyKey sentKey,
      String fingerprint) {
    CompletableFuture<Claim> claimed = new CompletableFuture<>();
    try {
      ledgerExecutor.execute(
          () -> {
            try {
              claimed.complete(claim(scope, key, provider, sentKey, fingerprint));
            } catch (Throwable e) { // an Error too: the call must not wait forever
              claimed.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      claimed.completeExceptionally(
          new StateStoreException(
              ledger.toString(), "claim", "the ledger executor refused the claim (busy?)", e));
    }
    return claimed;
  }

  /**
   * {@link #settle} on the ledger executor, for a step that must wait for it; on the thread at hand
   * when the executor refuses, since the next claim must see the record settled.
   */
  CompletableFuture<Void> settleOffloaded(LedgerRecord record, LedgerState state) {
    CompletableFuture<Void> settled = new CompletableFuture<>();
    Runnable settle =
        () -> {
          try {
            settle(record, state, null);
          } finally {
            settled.complete(null);
          }
        };
    try {
      ledgerExecutor.execute(settle);
    } catch (RejectedExecutionException e) {
      settle.run();
    }
    return settled;
  }

  /**
   * {@link #settle}, on the settler when there is one (else, for a call in {@code mode} that
   * {@linkplain #offloads offloads}, on the ledger executor): the call's answer is known and
   * nothing waits for the record, so the caller need not wait for the store either. A settle the
   * settler never runs (the process died) leaves the claim pending, which still pins its provider.
   */
  void settleLater(LedgerRecord record, LedgerState state, String vendorId, CallMode mode) {
    Executor background = settler != null ? settler : offloads(mode) ? ledgerExecutor : null;
    if (background == null) {
      settle(record, state, vendorId);
      return;
    }
    try {
      background.execute(() -> settle(record, state, vendorId));
    } catch (RejectedExecutionException e) {
      settle(record, state, vendorId);
    }
  }

  /** Records how the call ended; a failure to do so is logged, and the record stays as it was. */
  void settle(LedgerRecord record, LedgerState state, String vendorId) {
    try {
      if (ledger.settle(record, state, vendorId).isEmpty()) {
        log.debug(
            "ledger record changed meanwhile scope={} provider={} state={}",
            record.scope(),
            record.provider(),
            state);
      }
    } catch (RuntimeException e) {
      log.warn(
          "ledger record not settled, it stays {} and keeps pinning its provider scope={}"
              + " provider={} state={} error={}",
          record.state(),
          record.scope(),
          record.provider(),
          state,
          e.toString());
    }
  }

  void pinnedRefusal(LedgerRecord record) {
    emit(
        new StateEvent.PinnedRefusal(
            record.scope(), record.provider(), record.state(), clock.instant()));
  }

  private void emit(StateEvent event) {
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("state listener failed event={}", event.getClass().getSimpleName(), e);
    }
  }
}
