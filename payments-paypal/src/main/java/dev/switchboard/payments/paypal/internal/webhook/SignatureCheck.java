package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;

/** Proves that PayPal signed a delivery: by asking PayPal, or offline with its certificate. */
interface SignatureCheck {
  /**
   * Returns normally only when the delivery is proven to be PayPal's.
   *
   * @throws WebhookVerificationException when it is proven not to be, or cannot be read
   * @throws dev.switchboard.SwitchboardException of another kind when the proof could not be
   *     obtained (PayPal or the certificate host unreachable): never a success
   */
  void check(
      TransmissionHeaders headers,
      byte[] body,
      WebhookMapper.ParsedBody parsed,
      ErrorContext context);
}
