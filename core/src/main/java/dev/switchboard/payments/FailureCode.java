package dev.switchboard.payments;

/**
 * Why a payment failed or was declined, in words that mean the same for every provider. The
 * vendor's own code is kept beside it in {@link PaymentFailure#vendorCode()}.
 */
public enum FailureCode {
  /** The issuer declined without saying more. */
  CARD_DECLINED,
  /** Not enough money or credit. */
  INSUFFICIENT_FUNDS,
  /** The card or instrument has expired. */
  EXPIRED_CARD,
  /** The security code did not match. */
  INCORRECT_CVC,
  /** The card number is wrong. */
  INCORRECT_NUMBER,
  /** The card was reported lost or stolen. */
  LOST_OR_STOLEN,
  /** The issuer or the provider suspects fraud. */
  FRAUD_SUSPECTED,
  /** A spending, velocity or amount limit was reached. */
  LIMIT_EXCEEDED,
  /** The buyer must authenticate (3-D Secure, approval) before the payment can go on. */
  AUTHENTICATION_REQUIRED,
  /** The instrument is not accepted for this payment (currency, country, type). */
  INSTRUMENT_NOT_SUPPORTED,
  /** The issuer or network failed while processing. */
  PROCESSING_ERROR,
  /** A decline the SDK has no neutral word for; see the vendor code. */
  OTHER
}
