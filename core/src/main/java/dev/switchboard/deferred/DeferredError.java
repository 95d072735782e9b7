package dev.switchboard.deferred;

import dev.switchboard.SwitchboardException;

/**
 * What an attempt of a {@link DeferredCall} failed with, as it is kept in the queue's database: the
 * exception's type and reason (which hold no secret and no request body), and the provider.
 *
 * @param type the simple name of the {@link SwitchboardException} subtype, such as {@code
 *     PaymentDeclinedException}, or {@code DeadlineExceeded} when the deadline ended the call
 * @param reason the exception's reason
 * @param provider the provider that answered, or {@code ""} when none did
 */
public record DeferredError(String type, String reason, String provider) {
  public DeferredError {
    type = type == null ? "" : type;
    reason = reason == null ? "" : reason;
    provider = provider == null ? "" : provider;
  }

  /** The error that {@code exception} stands for. */
  public static DeferredError of(SwitchboardException exception) {
    return new DeferredError(
        exception.getClass().getSimpleName(), exception.reason(), exception.provider().orElse(""));
  }
}
