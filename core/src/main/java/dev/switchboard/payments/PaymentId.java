package dev.switchboard.payments;

import dev.switchboard.InvalidRequestException;

/**
 * A payment's identity: the provider that holds it and the provider's own id for it. A payment
 * lives at one provider; capture, cancel, refund and get go to that provider.
 *
 * @param provider the provider's name, such as {@code "fake"}
 * @param value the provider's id for the payment
 */
public record PaymentId(String provider, String value) {
  public PaymentId {
    if (provider == null || provider.isBlank()) {
      throw InvalidRequestException.invalidField("paymentId.provider", "provider is blank");
    }
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.invalidField("paymentId.value", "payment id is blank");
    }
  }

  public static PaymentId of(String provider, String value) {
    return new PaymentId(provider, value);
  }

  @Override
  public String toString() {
    return provider + ":" + value;
  }
}
