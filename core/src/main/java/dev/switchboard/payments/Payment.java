package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment as its provider holds it: how much was asked for, captured and refunded, where it
 * stands, and why it failed if it did.
 *
 * <p>Immutable; a gateway returns a new {@code Payment} after each change. Adapters build one with
 * {@link #builder()}:
 *
 * <pre>{@code
 * Payment payment = Payment.builder()
 *     .id(PaymentId.of("acme-pay", "pay_123"))
 *     .status(PaymentStatus.SUCCEEDED)
 *     .amount(Money.of("12.34", "EUR"))
 *     .captured(Money.of("12.34", "EUR"))
 *     .created(Instant.now())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: nothing captured or refunded, no metadata, {@link CaptureMode#AUTOMATIC}. The
 * builder enforces {@code refunded <= captured <= amount}, all in one currency.
 */
public final class Payment {
  private final PaymentId id;
  private final PaymentStatus status;
  private final Money amount;
  private final Money captured;
  private final Money refunded;
  private final URI nextActionUrl;
  private final PaymentFailure failure;
  private final Instant created;
  private final Map<String, String> metadata;
  private final String vendorRequestId;
  private final CaptureMode captureMode;

  private Payment(Builder b, Money captured, Money refunded) {
    this.id = b.id;
    this.status = b.status;
    this.amount = b.amount;
    this.captured = captured;
    this.refunded = refunded;
    this.nextActionUrl = b.nextActionUrl;
    this.failure = b.failure;
    this.created = b.created;
    this.metadata = b.metadata;
    this.vendorRequestId = b.vendorRequestId;
    this.captureMode = b.captureMode;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this payment's values, to describe its next state. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public PaymentId id() {
    return id;
  }

  public PaymentStatus status() {
    return status;
  }

  /** The amount asked for (authorized, for a manual capture). */
  public Money amount() {
    return amount;
  }

  /** The amount taken so far; zero until captured. */
  public Money captured() {
    return captured;
  }

  /** The amount given back so far, over all refunds. */
  public Money refunded() {
    return refunded;
  }

  /** What can still be refunded: captured less refunded. */
  public Money refundable() {
    return captured.minus(refunded);
  }

  /** Where to send the buyer when the status is {@link PaymentStatus#REQUIRES_ACTION}. */
  public Optional<URI> nextActionUrl() {
    return Optional.ofNullable(nextActionUrl);
  }

  /** Why the payment failed; present when the status is {@link PaymentStatus#FAILED}. */
  public Optional<PaymentFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** When the provider created the payment. */
  public Instant created() {
    return created;
  }

  /** The metadata the provider holds for the payment; unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The vendor's id for the request that produced this state, to quote to its support. */
  public Optional<String> vendorRequestId() {
    return Optional.ofNullable(vendorRequestId);
  }

  public CaptureMode captureMode() {
    return captureMode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payment other
        && id.equals(other.id)
        && status == other.status
        && amount.equals(other.amount)
        && captured.equals(other.captured)
        && refunded.equals(other.refunded)
        && Objects.equals(nextActionUrl, other.nextActionUrl)
        && Objects.equals(failure, other.failure)
        && created.equals(other.created)
        && metadata.equals(other.metadata)
        && Objects.equals(vendorRequestId, other.vendorRequestId)
        && captureMode == other.captureMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        status,
        amount,
        captured,
        refunded,
        nextActionUrl,
        failure,
        created,
        metadata,
        vendorRequestId,
        captureMode);
  }

  /** Id, status and amounts; metadata only by size. */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("Payment[id=")
            .append(id)
            .append(", status=")
            .append(status)
            .append(", amount=")
            .append(amount)
            .append(", captured=")
            .append(captured)
            .append(", refunded=")
            .append(refunded);
    if (failure != null) {
      s.append(", failure=").append(failure.describe());
    }
    if (nextActionUrl != null) {
      s.append(", nextActionUrl=").append(nextActionUrl);
    }
    return s.append(", metadata=").append(metadata.size()).append(" entries]").toString();
  }

  /** Builds a {@link Payment}; {@code id}, {@code status}, {@code amount}, {@code created}. */
  public static final class Builder {
    private PaymentId id;
    private PaymentStatus status;
    private Money amount;
    private Money captured;
    private Money refunded;
    private URI nextActionUrl;
    private PaymentFailure failure;
    private Instant created;
    private Map<String, String> metadata = Map.of();
    private String vendorRequestId;
    private CaptureMode captureMode = CaptureMode.AUTOMATIC;

    private Builder() {}

    private Builder(Payment p) {
      this.id = p.id;
      this.status = p.status;
      this.amount = p.amount;
      this.captured = p.captured;
      this.refunded = p.refunded;
      this.nextActionUrl = p.nextActionUrl;
      this.failure = p.failure;
      this.created = p.created;
      this.metadata = p.metadata;
      this.vendorRequestId = p.vendorRequestId;
      this.captureMode = p.captureMode;
    }

    public Builder id(PaymentId id) {
      this.id = require("id", id);
      return this;
    }

    public Builder status(PaymentStatus status) {
      this.status = require("status", status);
      return this;
    }

    public Builder amount(Money amount) {
      this.amount = require("amount", amount);
      return this;
    }

    /** Default: zero. */
    public Builder captured(Money captured) {
      this.captured = require("captured", captured);
      return this;
    }

    /** Default: zero. */
    public Builder refunded(Money refunded) {
      this.refunded = require("refunded", refunded);
      return this;
    }

    /** Null clears it. */
    public Builder nextActionUrl(URI nextActionUrl) {
      this.nextActionUrl = nextActionUrl;
      return this;
    }

    /** Null clears it. */
    public Builder failure(PaymentFailure failure) {
      this.failure = failure;
      return this;
    }

    public Builder created(Instant created) {
      this.created = require("created", created);
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

    /** Default: {@link CaptureMode#AUTOMATIC}. */
    public Builder captureMode(CaptureMode captureMode) {
      this.captureMode = require("captureMode", captureMode);
      return this;
    }

    /**
     * @throws dev.switchboard.InvalidRequestException if a required value is missing, the amounts
     *     are in different currencies, or {@code refunded <= captured <= amount} does not hold
     */
    public Payment build() {
      require("id", id);
      require("status", status);
      require("amount", amount);
      require("created", created);
      Money zero = Money.zero(amount.currency());
      Money capturedSoFar = captured == null ? zero : captured;
      Money refundedSoFar = refunded == null ? zero : refunded;
      if (!capturedSoFar.currency().equals(amount.currency())
          || !refundedSoFar.currency().equals(amount.currency())) {
        throw invalidField(
            "currency",
            "amount, captured and refunded must share one currency, got "
                + amount
                + ", "
                + capturedSoFar
                + ", "
                + refundedSoFar);
      }
      if (capturedSoFar.isGreaterThan(amount)) {
        throw invalidField(
            "captured", "captured " + capturedSoFar + " is more than the amount " + amount);
      }
      if (refundedSoFar.isGreaterThan(capturedSoFar)) {
        throw invalidField(
            "refunded", "refunded " + refundedSoFar + " is more than captured " + capturedSoFar);
      }
      return new Payment(this, capturedSoFar, refundedSoFar);
    }

    private static <T> T require(String field, T value) {
      if (value == null) {
        throw invalidField(field, field + " is required");
      }
      return value;
    }
  }
}
