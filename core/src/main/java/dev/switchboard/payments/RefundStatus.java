package dev.switchboard.payments;

/** Where a refund stands. */
public enum RefundStatus {
  /** The provider accepted the refund and is still sending it back. */
  PENDING,
  /** The money went back. */
  SUCCEEDED,
  /** The refund could not be made (a closed card account, say). */
  FAILED,
  /** The refund was withdrawn before it completed. */
  CANCELED
}
