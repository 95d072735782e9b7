package dev.switchboard.payments;

/** Why the money goes back, as the providers that record a reason understand it. */
public enum RefundReason {
  /** The customer asked for it. */
  REQUESTED_BY_CUSTOMER,
  /** The customer was charged twice. */
  DUPLICATE,
  /** The payment was fraudulent; some providers use this to improve their fraud checks. */
  FRAUDULENT
}
