package dev.switchboard.resilience;

import dev.switchboard.ConflictException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import dev.switchboard.internal.Futures;
import dev.switchboard.state.Claim;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One keyed call through a {@link FailoverChain}, written ahead in the key ledger.
 *
 * <p>Before a member sends the call, the key is claimed for it. A won claim sends; the answer
 * settles the record: {@code SUCCEEDED} with the vendor's id, {@code UNKNOWN} when the vendor may
 * have acted, {@code FAILED} when it certainly did not (or definitely refused), which lets the next
 * member claim the key. A lost claim means an earlier attempt, in this instance or another, holds
 * the key: the call goes only to that attempt's provider, with the key that attempt sent ({@link
 * #repeat}). A store that cannot be reached fails the call closed before anything is sent, or,
 * where the composite allows it, lets it go on without the ledger.
 */
final class KeyedCall<P, T> {
  private final FailoverChain<P> chain;
  private final LedgerGate gate;
  private final String operation;
  private final IdempotencyKey callerKey;
  private final List<FailoverChain.Member<P>> order;
  private final Predicate<SwitchboardException> moveOn;
  private final Ledgered<P, T> ledgered;
  private final BiFunction<FailoverChain.Member<P>, IdempotencyKey, CompletableFuture<T>> attempt;

  /**
   * What a non-blocking call carries from the thread that started it ({@link CallScope#carrying});
   * null for a blocking call, whose steps all run on that thread.
   */
  private final Object carried;

  KeyedCall(
      FailoverChain<P> chain,
      LedgerGate gate,
      String operation,
      IdempotencyKey callerKey,
      List<FailoverChain.Member<P>> order,
      Predicate<SwitchboardException> moveOn,
      Ledgered<P, T> ledgered,
      BiFunction<FailoverChain.Member<P>, IdempotencyKey, CompletableFuture<T>> attempt) {
    this.chain = chain;
    this.gate = gate;
    this.operation = operation;
    this.callerKey = callerKey;
    this.order = order;
    this.moveOn = moveOn;
    this.ledgered = ledgered;
    this.attempt = attempt;
    this.carried =
        ledgered.mode() == CallMode.NON_BLOCKING ? CallScope.carriedHere().orElse(null) : null;
  }

  CompletableFuture<T> run() {
    return step(0, new ArrayList<>());
  }

  /**
   * Claims the key for member {@code i} and sends the call there, or moves on after it. A
   * non-blocking call to a blocking ledger claims on the ledger executor and goes on from there.
   */
  private CompletableFuture<T> step(int i, List<SwitchboardException> causes) {
    if (i >= order.size()) {
      return Futures.failed(chain.allOut(operation, callerKey, order, causes));
    }
    FailoverChain.Member<P> member = order.get(i);
    IdempotencyKey sentKey = chain.keyFor(member, callerKey);
    if (gate.offloads(ledgered.mode())) {
      return gate.claimOffloaded(
              ledgered.scope(), callerKey, member.provider(), sentKey, ledgered.fingerprint())
          .handle(
              (claim, failure) ->
                  CallScope.carrying(
                      carried, () -> afterClaim(i, member, sentKey, claim, failure, causes)))
          .thenCompose(next -> next);
    }
    Claim claim;
    try {
      claim =
          gate.claim(
              ledgered.scope(), callerKey, member.provider(), sentKey, ledgered.fingerprint());
    } catch (StateStoreException e) {
      return unclaimed(i, e, causes);
    }
    return claimed(i, member, sentKey, claim, causes);
  }

  /** Goes on from a claim made on the ledger executor, or from its failure. */
  private CompletableFuture<T> afterClaim(
      int i,
      FailoverChain.Member<P> member,
      IdempotencyKey sentKey,
      Claim claim,
      Throwable failure,
      List<SwitchboardException> causes) {
    if (failure == null) {
      return claimed(i, member, sentKey, claim, causes);
    }
    Throwable cause = Futures.unwrap(failure);
    return cause instanceof StateStoreException refused
        ? unclaimed(i, refused, causes)
        : Futures.failed(cause);
  }

  /** The store could not record the claim: fail closed, or go on without the ledger. */
  private CompletableFuture<T> unclaimed(
      int i, StateStoreException e, List<SwitchboardException> causes) {
    if (chain.failClosed()) {
      return Futures.failed(notSent(e, causes));
    }
    chain
        .log()
        .warn(
            "key ledger unavailable, sending without it composite={} operation={}"
                + " idempotencyKey={} error={}",
            chain.name(),
            operation,
            callerKey,
            e.reason());
    return chain.walk(operation, callerKey, order, i, moveOn, attempt, causes);
  }

  private CompletableFuture<T> claimed(
      int i,
      FailoverChain.Member<P> member,
      IdempotencyKey sentKey,
      Claim claim,
      List<SwitchboardException> causes) {
    if (!claim.won()) {
      return repeat(claim.record());
    }
    LedgerRecord record = claim.record();
    return FailoverChain.whenEnded(
        FailoverChain.start(attempt, member, sentKey),
        (result, e) -> {
          if (e == null) {
            settleLater(record, LedgerState.SUCCEEDED, ledgered.vendorIdOf().apply(result));
            chain.served(operation, callerKey, order.get(0), member, causes);
            return CompletableFuture.completedFuture(result);
          }
          if (!moveOn.test(e)) {
            settleLater(
                record,
                e instanceof OutcomeUnknownException ? LedgerState.UNKNOWN : LedgerState.FAILED,
                null);
            return Futures.failed(FailoverChain.withCauses(e, causes));
          }
          // The next member claims the key at once, so the failure must be written before it
          // does. An unknown outcome that may move on (email, when configured) gives the key up
          // too: the configuration accepted a possible duplicate.
          if (gate.offloads(ledgered.mode())) {
            return gate.settleOffloaded(record, LedgerState.FAILED)
                .thenCompose(
                    settled -> CallScope.carrying(carried, () -> movedOn(i, member, e, causes)));
          }
          gate.settle(record, LedgerState.FAILED, null);
          return movedOn(i, member, e, causes);
        });
  }

  private CompletableFuture<T> movedOn(
      int i,
      FailoverChain.Member<P> member,
      SwitchboardException failure,
      List<SwitchboardException> causes) {
    chain.movesOn(operation, member, failure, causes);
    return step(i + 1, causes);
  }

  private void settleLater(LedgerRecord record, LedgerState state, String vendorId) {
    gate.settleLater(record, state, vendorId, ledgered.mode());
  }

  /**
   * A repeat of a key an earlier attempt holds: only to that attempt's provider, with the key it
   * sent. A success is answered from the record where the port can ({@link Ledgered#fromRecord}); a
   * pending or unknown one is sent again only where the vendor recognises the key. Any refusal of
   * the repeat tells the caller that the state is the earlier attempt's.
   */
  private CompletableFuture<T> repeat(LedgerRecord record) {
    if (!record.fingerprint().equals(ledgered.fingerprint())) {
      return Futures.failed(
          new ConflictException(
              "the idempotency key was used before for a "
                  + operation
                  + " with other parameters, at "
                  + record.provider()
                  + "; use a new key for a new request",
              ErrorContext.builder()
                  .provider(record.provider())
                  .operation(operation)
                  .idempotencyKey(callerKey)
                  .requestSent(false)
                  .build()));
    }
    FailoverChain.Member<P> member = chain.member(record.provider()).orElse(null);
    if (member == null) {
      return Futures.failed(
          refused(
              record,
              record.provider() + " is no longer one of " + chain.providers() + "; it stays there",
              null));
    }
    chain
        .log()
        .debug(
            "repeat of a call goes where it went before composite={} operation={} provider={}"
                + " state={} idempotencyKey={}",
            chain.name(),
            operation,
            record.provider(),
            record.state(),
            callerKey);
    boolean succeeded = record.state() == LedgerState.SUCCEEDED;
    if (succeeded && record.vendorId().isPresent() && ledgered.fromRecord() != null) {
      return FailoverChain.whenEnded(
          Futures.start(() -> ledgered.fromRecord().apply(member, record)),
          (result, e) ->
              e == null
                  ? CompletableFuture.completedFuture(result)
                  : Futures.failed(refusedRepeat(record, e)));
    }
    if (!succeeded && !ledgered.mayResend().test(record)) {
      return Futures.failed(
          refused(
              record,
              "it may have been acted on, and a repeat is not sent again without the caller's"
                  + " consent",
              null));
    }
    return FailoverChain.whenEnded(
        FailoverChain.start(attempt, member, IdempotencyKey.of(record.sentKey())),
        (result, e) -> {
          if (e == null) {
            if (!succeeded) {
              settleLater(record, LedgerState.SUCCEEDED, ledgered.vendorIdOf().apply(result));
            }
            return CompletableFuture.completedFuture(result);
          }
          if (e instanceof PaymentDeclinedException) {
            settleLater(record, LedgerState.FAILED, null);
            return Futures.failed(e);
          }
          if (e instanceof OutcomeUnknownException && record.state() == LedgerState.PENDING) {
            settleLater(record, LedgerState.UNKNOWN, null);
          }
          return Futures.failed(refusedRepeat(record, e));
        });
  }

  private SwitchboardException refusedRepeat(LedgerRecord record, SwitchboardException failure) {
    if (failure instanceof OutcomeUnknownException) {
      return failure;
    }
    return refused(
        record,
        record.provider()
            + " refused the repeat: "
            + failure.getClass().getSimpleName()
            + " ("
            + failure.reason()
            + ")",
        failure);
  }

  private EarlierAttemptException refused(
      LedgerRecord record, String why, SwitchboardException refusal) {
    gate.pinnedRefusal(record);
    return new EarlierAttemptException(record, operation, why, refusal);
  }

  private StateStoreException notSent(
      StateStoreException failure, List<SwitchboardException> causes) {
    StateStoreException refused =
        new StateStoreException(
            "not sent: the key ledger could not record the "
                + operation
                + " before it left; "
                + failure.reason(),
            failure.context().toBuilder()
                .operation(operation)
                .idempotencyKey(callerKey)
                .requestSent(false)
                .build(),
            failure);
    causes.forEach(refused::addSuppressed);
    return refused;
  }
}
