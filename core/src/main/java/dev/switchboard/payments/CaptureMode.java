package dev.switchboard.payments;

/**
 * When a charge takes the money. {@link #AUTOMATIC} is the default.
 *
 * <pre>{@code
 * ChargeRequest.builder().amount(price).source(card).captureMode(CaptureMode.MANUAL).build();
 * }</pre>
 */
public enum CaptureMode {
  /** The charge authorizes and captures at once; the payment ends {@code SUCCEEDED}. */
  AUTOMATIC,
  /**
   * The charge only authorizes (the payment ends {@code AUTHORIZED}); a later {@link
   * PaymentGateway#capture capture} takes all or part of it, or {@link PaymentGateway#cancel
   * cancel} releases it. Useful when the final amount is known only at shipping.
   */
  MANUAL
}
