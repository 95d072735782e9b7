package dev.switchboard.resilience;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Lets one-shot content be read by one attempt only. The policy calls again to retry a failure; the
 * second call throws the {@link #refusal} instead of reading a consumed stream, and the put
 * surfaces the first attempt's failure.
 */
final class OneShotPut {
  private final AtomicBoolean read = new AtomicBoolean();

  /** Whether an attempt has read the content. */
  boolean read() {
    return read.get();
  }

  private final AtomicReference<SwitchboardException> firstFailure = new AtomicReference<>();
  private final AtomicReference<InvalidRequestException> refusal = new AtomicReference<>();

  CompletableFuture<BlobInfo> execute(
      CallMode mode,
      Cancellation cancellation,
      FailoverChain.Member<BlobStore> member,
      IdempotencyKey key,
      Supplier<CompletableFuture<BlobInfo>> put) {
    Supplier<CompletableFuture<BlobInfo>> once =
        () -> {
          if (!read.compareAndSet(false, true)) {
            InvalidRequestException again =
                new InvalidRequestException(
                    "one-shot stream content was read by a failed attempt and cannot be sent"
                        + " again; use BlobContent.of(byte[]) or BlobContent.of(Path) for content"
                        + " that may be retried",
                    ErrorContext.builder()
                        .provider(member.provider())
                        .operation("put")
                        .idempotencyKey(key)
                        .build(),
                    "content",
                    null);
            refusal.compareAndSet(null, again);
            return Futures.failed(again);
          }
          return FailoverChain.whenEnded(
              Futures.start(put),
              (info, e) -> {
                if (e == null) {
                  return CompletableFuture.completedFuture(info);
                }
                firstFailure.compareAndSet(null, e);
                return Futures.failed(e);
              });
        };
    return FailoverChain.whenEnded(
        member.policy().run(mode, "put", key, cancellation, once),
        (info, e) -> {
          if (e == null) {
            return CompletableFuture.completedFuture(info);
          }
          if (e != refusal.get()) {
            return Futures.failed(e);
          }
          SwitchboardException first = firstFailure.get();
          if (first == null) {
            first =
                new OutcomeUnknownException(
                    "the attempt that read the one-shot content did not finish in time",
                    ErrorContext.builder()
                        .provider(member.provider())
                        .operation("put")
                        .idempotencyKey(key)
                        .requestSent(true)
                        .build());
          }
          first.addSuppressed(e);
          return Futures.failed(first);
        });
  }
}
