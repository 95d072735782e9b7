package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.IdempotencyKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to take the money of an {@link PaymentStatus#AUTHORIZED AUTHORIZED} payment: all of it,
 * or part of it (the rest is then released).
 *
 * <pre>{@code
 * gateway.capture(CaptureRequest.full(payment.id()));
 * gateway.capture(CaptureRequest.partial(payment.id(), Money.of("8.00", "EUR")));
 * }</pre>
 *
 * <p>Default: the whole authorized amount; a random idempotency key when none is given.
 */
public final class CaptureRequest {
  private final PaymentId paymentId;
  private final Money amount;
  private final IdempotencyKey idempotencyKey;

  private CaptureRequest(Builder b) {
    this.paymentId = b.paymentId;
    this.amount = b.amount;
    this.idempotencyKey = b.idempotencyKey == null ? IdempotencyKey.random() : b.idempotencyKey;
  }

  /** Captures everything that was authorized. */
  public static CaptureRequest full(PaymentId paymentId) {
    return builder().paymentId(paymentId).build();
  }

  /** Captures {@code amount} and releases the rest of the authorization. */
  public static CaptureRequest partial(PaymentId paymentId, Money amount) {
    return builder().paymentId(paymentId).amount(amount).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, key included. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public PaymentId paymentId() {
    return paymentId;
  }

  /** The amount to capture; absent means everything authorized. */
  public Optional<Money> amount() {
    return Optional.ofNullable(amount);
  }

  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /** Whether both requests ask for the same capture, whatever their idempotency keys. */
  public boolean sameParametersAs(CaptureRequest other) {
    return other != null
        && paymentId.equals(other.paymentId)
        && Objects.equals(amount, other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaptureRequest other
        && sameParametersAs(other)
        && idempotencyKey.equals(other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(paymentId, amount, idempotencyKey);
  }

  @Override
  public String toString() {
    return "CaptureRequest[paymentId="
        + paymentId
        + ", amount="
        + (amount == null ? "full" : amount)
        + ", idempotencyKey="
        + idempotencyKey
        + "]";
  }

  /** Builds a {@link CaptureRequest}; {@code paymentId} is required. */
  public static final class Builder {
    private PaymentId paymentId;
    private Money amount;
    private IdempotencyKey idempotencyKey;

    private Builder() {}

    private Builder(CaptureRequest r) {
      this.paymentId = r.paymentId;
      this.amount = r.amount;
      this.idempotencyKey = r.idempotencyKey;
    }

    public Builder paymentId(PaymentId paymentId) {
      Objects.requireNonNull(paymentId, "paymentId == null");
      this.paymentId = paymentId;
      return this;
    }

    /** The amount to capture, more than zero; null means everything authorized (the default). */
    public Builder amount(Money amount) {
      if (amount != null && amount.isZero()) {
        throw invalidField("amount", "capture amount must be more than zero, got " + amount);
      }
      this.amount = amount;
      return this;
    }

    /** Default: a random key, chosen when the request is built. */
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public CaptureRequest build() {
      if (paymentId == null) {
        throw new IllegalStateException("paymentId must be set");
      }
      return new CaptureRequest(this);
    }
  }
}
