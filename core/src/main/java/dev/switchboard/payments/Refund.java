package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Money given back on a payment, as the provider holds it. A payment may have several.
 *
 * <pre>{@code
 * Refund refund = gateway.refund(RefundRequest.partial(payment.id(), Money.of("5.00", "EUR")));
 * refund.status(); // SUCCEEDED, or PENDING while the provider sends it back
 * }</pre>
 *
 * <p>Immutable; adapters build one with {@link #builder()}. Defaults: no reason, no metadata.
 */
public final class Refund {
  private final String id;
  private final PaymentId paymentId;
  private final Money amount;
  private final RefundStatus status;
  private final Instant created;
  private final RefundReason reason;
  private final Map<String, String> metadata;
  private final String vendorRequestId;

  private Refund(Builder b) {
    this.id = b.id;
    this.paymentId = b.paymentId;
    this.amount = b.amount;
    this.status = b.status;
    this.created = b.created;
    this.reason = b.reason;
    this.metadata = b.metadata;
    this.vendorRequestId = b.vendorRequestId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this refund's values, to describe its next state. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The provider's id for the refund. */
  public String id() {
    return id;
  }

  /** The payment the money came from. */
  public PaymentId paymentId() {
    return paymentId;
  }

  public Money amount() {
    return amount;
  }

  public RefundStatus status() {
    return status;
  }

  public Instant created() {
    return created;
  }

  public Optional<RefundReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** Unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The vendor's id for the request that created the refund. */
  public Optional<String> vendorRequestId() {
    return Optional.ofNullable(vendorRequestId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Refund other
        && id.equals(other.id)
        && paymentId.equals(other.paymentId)
        && amount.equals(other.amount)
        && status == other.status
        && created.equals(other.created)
        && reason == other.reason
        && metadata.equals(other.metadata)
        && Objects.equals(vendorRequestId, other.vendorRequestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, paymentId, amount, status, created, reason, metadata, vendorRequestId);
  }

  @Override
  public String toString() {
    return "Refund[id="
        + id
        + ", paymentId="
        + paymentId
        + ", amount="
        + amount
        + ", status="
        + status
        + "]";
  }

  /** Builds a {@link Refund}; all but reason, metadata and vendor request id are required. */
  public static final class Builder {
    private String id;
    private PaymentId paymentId;
    private Money amount;
    private RefundStatus status;
    private Instant created;
    private RefundReason reason;
    private Map<String, String> metadata = Map.of();
    private String vendorRequestId;

    private Builder() {}

    private Builder(Refund r) {
      this.id = r.id;
      this.paymentId = r.paymentId;
      this.amount = r.amount;
      this.status = r.status;
      this.created = r.created;
      this.reason = r.reason;
      this.metadata = r.metadata;
      this.vendorRequestId = r.vendorRequestId;
    }

    public Builder id(String id) {
      if (id == null || id.isBlank()) {
        throw invalidField("id", "refund id is blank");
      }
      this.id = id;
      return this;
    }

    public Builder paymentId(PaymentId paymentId) {
      this.paymentId = require("paymentId", paymentId);
      return this;
    }

    public Builder amount(Money amount) {
      this.amount = require("amount", amount);
      return this;
    }

    public Builder status(RefundStatus status) {
      this.status = require("status", status);
      return this;
    }

    public Builder created(Instant created) {
      this.created = require("created", created);
      return this;
    }

    /** Null clears it. */
    public Builder reason(RefundReason reason) {
      this.reason = reason;
      return this;
    }

    /** Default: none. Copied; the provider's own limits are not checked here. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = RequestChecks.copy(metadata);
      return this;
    }

    /** Null clears it. */
    public Builder vendorRequestId(String vendorRequestId) {
      this.vendorRequestId = vendorRequestId;
      return this;
    }

    public Refund build() {
      if (id == null) {
        throw invalidField("id", "id is required");
      }
      require("paymentId", paymentId);
      require("amount", amount);
      require("status", status);
      require("created", created);
      return new Refund(this);
    }

    private static <T> T require(String field, T value) {
      if (value == null) {
        throw invalidField(field, field + " is required");
      }
      return value;
    }
  }
}
