package dev.switchboard.resilience;

import dev.switchboard.ConflictException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.state.Claim;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStoreException;
import java.util.ArrayList;
import java.util.List;
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
  private final BiFunction<FailoverChain.Member<P>, IdempotencyKey, T> attempt;

  KeyedCall(
      FailoverChain<P> chain,
      LedgerGate gate,
      String operation,
      IdempotencyKey callerKey,
      List<FailoverChain.Member<P>> order,
      Predicate<SwitchboardException> moveOn,
      Ledgered<P, T> ledgered,
      BiFunction<FailoverChain.Member<P>, IdempotencyKey, T> attempt) {
    this.chain = chain;
    this.gate = gate;
    this.operation = operation;
    this.callerKey = callerKey;
    this.order = order;
    this.moveOn = moveOn;
    this.ledgered = ledgered;
    this.attempt = attempt;
  }

  T run() {
    List<SwitchboardException> causes = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      FailoverChain.Member<P> member = order.get(i);
      IdempotencyKey sentKey = chain.keyFor(member, callerKey);
      Claim claim;
      try {
        claim =
            gate.claim(
                ledgered.scope(), callerKey, member.provider(), sentKey, ledgered.fingerprint());
      } catch (StateStoreException e) {
        if (chain.failClosed()) {
          throw notSent(e, causes);
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
      if (!claim.won()) {
        return repeat(claim.record());
      }
      LedgerRecord record = claim.record();
      try {
        T result = attempt.apply(member, sentKey);
        gate.settleLater(record, LedgerState.SUCCEEDED, ledgered.vendorIdOf().apply(result));
        chain.served(operation, callerKey, order.get(0), member, causes);
        return result;
      } catch (SwitchboardException e) {
        boolean moves = moveOn.test(e);
        if (!moves) {
          gate.settleLater(
              record,
              e instanceof OutcomeUnknownException ? LedgerState.UNKNOWN : LedgerState.FAILED,
              null);
          throw FailoverChain.withCauses(e, causes);
        }
        // The next member claims the key at once, so the failure must be written before it does.
        // An unknown outcome that may move on (email, when configured) gives the key up too: the
        // configuration accepted a possible duplicate.
        gate.settle(record, LedgerState.FAILED, null);
        chain.movesOn(operation, member, e, causes);
      }
    }
    throw chain.allOut(operation, callerKey, order, causes);
  }

  /**
   * A repeat of a key an earlier attempt holds: only to that attempt's provider, with the key it
   * sent. A success is answered from the record where the port can ({@link Ledgered#fromRecord}); a
   * pending or unknown one is sent again only where the vendor recognises the key. Any refusal of
   * the repeat tells the caller that the state is the earlier attempt's.
   */
  private T repeat(LedgerRecord record) {
    if (!record.fingerprint().equals(ledgered.fingerprint())) {
      throw new ConflictException(
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
              .build());
    }
    FailoverChain.Member<P> member = chain.member(record.provider()).orElse(null);
    if (member == null) {
      throw refused(
          record,
          record.provider() + " is no longer one of " + chain.providers() + "; it stays there",
          null);
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
      try {
        return ledgered.fromRecord().apply(member, record);
      } catch (SwitchboardException e) {
        throw refusedRepeat(record, e);
      }
    }
    if (!succeeded && !ledgered.mayResend().test(record)) {
      throw refused(
          record,
          "it may have been acted on, and a repeat is not sent again without the caller's consent",
          null);
    }
    try {
      T result = attempt.apply(member, IdempotencyKey.of(record.sentKey()));
      if (!succeeded) {
        gate.settleLater(record, LedgerState.SUCCEEDED, ledgered.vendorIdOf().apply(result));
      }
      return result;
    } catch (PaymentDeclinedException e) {
      gate.settleLater(record, LedgerState.FAILED, null);
      throw e;
    } catch (SwitchboardException e) {
      if (e instanceof OutcomeUnknownException && record.state() == LedgerState.PENDING) {
        gate.settleLater(record, LedgerState.UNKNOWN, null);
      }
      throw refusedRepeat(record, e);
    }
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
