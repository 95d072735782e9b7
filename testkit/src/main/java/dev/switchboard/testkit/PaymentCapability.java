package dev.switchboard.testkit;

/**
 * What a {@link dev.switchboard.payments.PaymentGateway} can do beyond automatic charges, full
 * refunds, declines, idempotency and {@code get}, which every implementation must do. An
 * implementation run against {@link PaymentGatewayContract} declares what it lacks by leaving it
 * out of {@link PaymentGatewayContract#capabilities()}; the tests that need it are then reported as
 * skipped, naming the capability, never passed silently.
 */
public enum PaymentCapability {
  /** {@code CaptureMode.MANUAL} authorizes only; a later full capture takes the money. */
  MANUAL_CAPTURE,
  /** A capture may take less than was authorized (needs {@link #MANUAL_CAPTURE}). */
  PARTIAL_CAPTURE,
  /** An authorized payment can be canceled (needs {@link #MANUAL_CAPTURE}). */
  CANCEL,
  /** A refund may give back part of the payment, several times, up to what was captured. */
  PARTIAL_REFUND,
  /** A source can require buyer authentication (3-D Secure) with a next-action URL. */
  REQUIRES_ACTION,
  /** {@code PaymentSource.approval(...)} is served: the buyer approves at the provider. */
  APPROVAL_FLOW,
  /** Charge metadata comes back on the payment. */
  METADATA,
  /** Amounts in a currency without decimals (JPY) are charged as whole units. */
  ZERO_DECIMAL_CURRENCY,
  /** Declines name their reason, such as {@code INSUFFICIENT_FUNDS}, not only a generic decline. */
  SPECIFIC_DECLINE_CODES
}
