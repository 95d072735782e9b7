package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.IdempotencyKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to give back captured money, all that is left or part of it. A payment can be refunded
 * several times, never beyond what was captured.
 *
 * <pre>{@code
 * gateway.refund(RefundRequest.full(payment.id()));
 * gateway.refund(RefundRequest.builder()
 *     .paymentId(payment.id())
 *     .amount(Money.of("5.00", "EUR"))
 *     .reason(RefundReason.REQUESTED_BY_CUSTOMER)
 *     .build());
 * }</pre>
 *
 * <p>Defaults: everything still refundable; no reason; no metadata (the same limits as {@link
 * ChargeRequest}); a random idempotency key when none is given.
 */
public final class RefundRequest {
  private final PaymentId paymentId;
  private final Money amount;
  private final RefundReason reason;
  private final Map<String, String> metadata;
  private final IdempotencyKey idempotencyKey;

  private RefundRequest(Builder b, Map<String, String> metadata) {
    this.paymentId = b.paymentId;
    this.amount = b.amount;
    this.reason = b.reason;
    this.metadata = metadata;
    this.idempotencyKey = b.idempotencyKey == null ? IdempotencyKey.random() : b.idempotencyKey;
  }

  /** Refunds everything captured and not yet refunded. */
  public static RefundRequest full(PaymentId paymentId) {
    return builder().paymentId(paymentId).build();
  }

  /** Refunds {@code amount}. */
  public static RefundRequest partial(PaymentId paymentId, Money amount) {
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

  /** The amount to refund; absent means everything still refundable. */
  public Optional<Money> amount() {
    return Optional.ofNullable(amount);
  }

  public Optional<RefundReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** Unmodifiable, in the order given. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /** Whether both requests ask for the same refund, whatever their idempotency keys. */
  public boolean sameParametersAs(RefundRequest other) {
    return other != null
        && paymentId.equals(other.paymentId)
        && Objects.equals(amount, other.amount)
        && reason == other.reason
        && metadata.equals(other.metadata);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefundRequest other
        && sameParametersAs(other)
        && idempotencyKey.equals(other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(paymentId, amount, reason, metadata, idempotencyKey);
  }

  @Override
  public String toString() {
    return "RefundRequest[paymentId="
        + paymentId
        + ", amount="
        + (amount == null ? "all refundable" : amount)
        + ", reason="
        + reason
        + ", metadata="
        + metadata.size()
        + " entries, idempotencyKey="
        + idempotencyKey
        + "]";
  }

  /** Builds a {@link RefundRequest}; {@code paymentId} is required. */
  public static final class Builder {
    private PaymentId paymentId;
    private Money amount;
    private RefundReason reason;
    private Map<String, String> metadata = new LinkedHashMap<>();
    private IdempotencyKey idempotencyKey;

    private Builder() {}

    private Builder(RefundRequest r) {
      this.paymentId = r.paymentId;
      this.amount = r.amount;
      this.reason = r.reason;
      this.metadata = new LinkedHashMap<>(r.metadata);
      this.idempotencyKey = r.idempotencyKey;
    }

    public Builder paymentId(PaymentId paymentId) {
      Objects.requireNonNull(paymentId, "paymentId == null");
      this.paymentId = paymentId;
      return this;
    }

    /** The amount to refund, more than zero; null means everything still refundable. */
    public Builder amount(Money amount) {
      if (amount != null && amount.isZero()) {
        throw invalidField("amount", "refund amount must be more than zero, got " + amount);
      }
      this.amount = amount;
      return this;
    }

    /** Optional; null clears it. */
    public Builder reason(RefundReason reason) {
      this.reason = reason;
      return this;
    }

    /** Replaces all metadata; limits are checked by {@link #build()}. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = new LinkedHashMap<>(RequestChecks.copy(metadata));
      return this;
    }

    /** Adds or replaces one metadata entry; limits are checked by {@link #build()}. */
    public Builder putMetadata(String key, String value) {
      metadata.putAll(RequestChecks.copy(Collections.singletonMap(key, value)));
      return this;
    }

    /** Default: a random key, chosen when the request is built. */
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public RefundRequest build() {
      if (paymentId == null) {
        throw new IllegalStateException("paymentId must be set");
      }
      return new RefundRequest(this, RequestChecks.checkedCopy(metadata));
    }
  }
}
