package dev.switchboard.payments;

import dev.switchboard.IdempotencyKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to release a payment that has not been captured: an {@link PaymentStatus#AUTHORIZED
 * AUTHORIZED} payment, or one still {@link PaymentStatus#REQUIRES_ACTION REQUIRES_ACTION} where the
 * provider allows it. Captured money comes back by refund, not by cancel.
 *
 * <pre>{@code
 * gateway.cancel(CancelRequest.of(payment.id()));
 * }</pre>
 *
 * <p>Default: no reason; a random idempotency key when none is given.
 */
public final class CancelRequest {
  private final PaymentId paymentId;
  private final String reason;
  private final IdempotencyKey idempotencyKey;

  private CancelRequest(Builder b) {
    this.paymentId = b.paymentId;
    this.reason = b.reason;
    this.idempotencyKey = b.idempotencyKey == null ? IdempotencyKey.random() : b.idempotencyKey;
  }

  /** Cancels the payment, giving no reason. */
  public static CancelRequest of(PaymentId paymentId) {
    return builder().paymentId(paymentId).build();
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

  /** Why, in the merchant's words, for providers that record it. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /** Whether both requests ask for the same cancellation, whatever their idempotency keys. */
  public boolean sameParametersAs(CancelRequest other) {
    return other != null
        && paymentId.equals(other.paymentId)
        && Objects.equals(reason, other.reason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CancelRequest other
        && sameParametersAs(other)
        && idempotencyKey.equals(other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(paymentId, reason, idempotencyKey);
  }

  @Override
  public String toString() {
    return "CancelRequest[paymentId=" + paymentId + ", idempotencyKey=" + idempotencyKey + "]";
  }

  /** Builds a {@link CancelRequest}; {@code paymentId} is required. */
  public static final class Builder {
    private PaymentId paymentId;
    private String reason;
    private IdempotencyKey idempotencyKey;

    private Builder() {}

    private Builder(CancelRequest r) {
      this.paymentId = r.paymentId;
      this.reason = r.reason;
      this.idempotencyKey = r.idempotencyKey;
    }

    public Builder paymentId(PaymentId paymentId) {
      Objects.requireNonNull(paymentId, "paymentId == null");
      this.paymentId = paymentId;
      return this;
    }

    /** Optional; null clears it, blank is rejected. */
    public Builder reason(String reason) {
      this.reason = RequestChecks.optionalText("reason", reason);
      return this;
    }

    /** Default: a random key, chosen when the request is built. */
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public CancelRequest build() {
      if (paymentId == null) {
        throw new IllegalStateException("paymentId must be set");
      }
      return new CancelRequest(this);
    }
  }
}
