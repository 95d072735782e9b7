package dev.switchboard.payments;

import java.util.Objects;

/**
 * Why a payment failed: a neutral code, the vendor's own code and the vendor's message.
 *
 * @param code the neutral reason
 * @param vendorCode the vendor's code, such as a decline code; may be null
 * @param message the vendor's human-readable message; may be null. Never holds card data.
 */
public record PaymentFailure(FailureCode code, String vendorCode, String message) {
  public PaymentFailure {
    Objects.requireNonNull(code, "code == null");
  }

  public static PaymentFailure of(FailureCode code) {
    return new PaymentFailure(code, null, null);
  }

  /** A short description such as {@code INSUFFICIENT_FUNDS (insufficient_funds): message}. */
  public String describe() {
    StringBuilder s = new StringBuilder(code.name());
    if (vendorCode != null) {
      s.append(" (").append(vendorCode).append(')');
    }
    if (message != null) {
      s.append(": ").append(message);
    }
    return s.toString();
  }
}
