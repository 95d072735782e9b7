package dev.switchboard.deferred.jdbc.internal;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredError;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import java.time.Instant;
import java.util.List;

/** One row of {@code switchboard_deferred_call}. */
public record CallRow(
    String id,
    DeferredKind kind,
    String idempotencyKey,
    DeferredState state,
    int attempts,
    boolean maybeSent,
    Instant createdAt,
    Instant deadline,
    Instant nextAttemptAt,
    DeferredError error,
    String requestJson,
    String outcomeJson,
    String history) {

  /** The public handle; the outcome is read back from its stored form. */
  public DeferredCall toCall() {
    return DeferredCall.builder()
        .id(id)
        .kind(kind)
        .idempotencyKey(IdempotencyKey.of(idempotencyKey))
        .state(state)
        .attempts(attempts)
        .createdAt(createdAt)
        .deadline(deadline)
        .nextAttemptAt(state.isFinal() || state == DeferredState.RUNNING ? null : nextAttemptAt)
        .lastError(error)
        .outcome(storedOutcome())
        .history(history.isEmpty() ? List.of() : List.of(history.split("\n")))
        .build();
  }

  private DeferredOutcome storedOutcome() {
    if (state == DeferredState.SUCCEEDED && outcomeJson != null) {
      return switch (kind) {
        case CHARGE -> new DeferredOutcome.Charged(Codec.payment(outcomeJson));
        case EMAIL -> new DeferredOutcome.Sent(Codec.sendResult(outcomeJson));
        case PUT -> new DeferredOutcome.Stored(Codec.blobInfo(outcomeJson));
      };
    }
    if ((state == DeferredState.FAILED || state == DeferredState.DEAD) && error != null) {
      return new DeferredOutcome.Failed(error, null);
    }
    return null;
  }
}
