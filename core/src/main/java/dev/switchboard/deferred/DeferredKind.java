package dev.switchboard.deferred;

/** Which port a {@link DeferredCall} goes to, and so which deadline and back-off cap it has. */
public enum DeferredKind {
  /** {@code PaymentGateway.charge}. */
  CHARGE,
  /** {@code EmailSender.send}. */
  EMAIL,
  /** {@code BlobStore.put}. */
  PUT
}
