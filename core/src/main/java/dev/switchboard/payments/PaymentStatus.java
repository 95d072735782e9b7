package dev.switchboard.payments;

/**
 * Where a payment stands, the same for every provider. See {@link PaymentGateway} for the moves
 * between them.
 */
public enum PaymentStatus {
  /**
   * The buyer must act first: authenticate (3-D Secure) or approve at the provider. {@link
   * Payment#nextActionUrl()} says where.
   */
  REQUIRES_ACTION,
  /** The provider is still processing; the outcome comes later (poll {@code get} or a webhook). */
  PENDING,
  /** The money is reserved but not taken: capture it or cancel it. */
  AUTHORIZED,
  /** The money is taken (all of it, or the part captured). Refunds are possible. */
  SUCCEEDED,
  /** Released before any capture; final. */
  CANCELED,
  /** Declined or otherwise failed; final. {@link Payment#failure()} says why. */
  FAILED
}
