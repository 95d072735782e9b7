package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.IdempotencyKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to take (or, with {@link CaptureMode#MANUAL}, reserve) an amount from a payment source.
 *
 * <pre>{@code
 * ChargeRequest request = ChargeRequest.builder()
 *     .amount(Money.of("12.34", "EUR"))
 *     .source(PaymentSource.token("acme-pay", "tok_123"))
 *     .description("Order 42")
 *     .putMetadata("order", "42")
 *     .idempotencyKey(IdempotencyKey.of("order-42-charge"))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: {@link CaptureMode#AUTOMATIC}; a {@linkplain IdempotencyKey#random() random}
 * idempotency key when none is given, so retrying the same request object is always safe. Limits
 * that every supported vendor accepts: a statement descriptor of at most {@value
 * #MAX_STATEMENT_DESCRIPTOR_LENGTH} characters without {@code < > " '}; at most {@value
 * #MAX_METADATA_ENTRIES} metadata entries, keys up to {@value #MAX_METADATA_KEY_LENGTH} and values
 * up to {@value #MAX_METADATA_VALUE_LENGTH} characters.
 */
public final class ChargeRequest {
  public static final int MAX_STATEMENT_DESCRIPTOR_LENGTH = 22;
  public static final int MAX_METADATA_ENTRIES = RequestChecks.MAX_ENTRIES;
  public static final int MAX_METADATA_KEY_LENGTH = RequestChecks.MAX_KEY_LENGTH;
  public static final int MAX_METADATA_VALUE_LENGTH = RequestChecks.MAX_VALUE_LENGTH;

  private final Money amount;
  private final PaymentSource source;
  private final CaptureMode captureMode;
  private final String description;
  private final String customerReference;
  private final String statementDescriptor;
  private final Map<String, String> metadata;
  private final IdempotencyKey idempotencyKey;

  private ChargeRequest(Builder b, Map<String, String> metadata, IdempotencyKey idempotencyKey) {
    this.amount = b.amount;
    this.source = b.source;
    this.captureMode = b.captureMode;
    this.description = b.description;
    this.customerReference = b.customerReference;
    this.statementDescriptor = b.statementDescriptor;
    this.metadata = metadata;
    this.idempotencyKey = idempotencyKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, key included. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The amount to charge; always more than zero. */
  public Money amount() {
    return amount;
  }

  public PaymentSource source() {
    return source;
  }

  public CaptureMode captureMode() {
    return captureMode;
  }

  /** Free text for the merchant's records. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The merchant's own id for the customer or order, passed to the provider where it has one. */
  public Optional<String> customerReference() {
    return Optional.ofNullable(customerReference);
  }

  /** What the buyer sees on the card statement. */
  public Optional<String> statementDescriptor() {
    return Optional.ofNullable(statementDescriptor);
  }

  /** Unmodifiable, in the order given. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Whether both requests ask for the same charge, whatever their idempotency keys. A provider that
   * sees one key twice replays the first result only when this holds, and reports a conflict
   * otherwise.
   */
  public boolean sameParametersAs(ChargeRequest other) {
    return other != null
        && amount.equals(other.amount)
        && source.equals(other.source)
        && captureMode == other.captureMode
        && Objects.equals(description, other.description)
        && Objects.equals(customerReference, other.customerReference)
        && Objects.equals(statementDescriptor, other.statementDescriptor)
        && metadata.equals(other.metadata);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChargeRequest other
        && sameParametersAs(other)
        && idempotencyKey.equals(other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        amount,
        source,
        captureMode,
        description,
        customerReference,
        statementDescriptor,
        metadata,
        idempotencyKey);
  }

  /** Amount, masked source, capture mode, metadata size and key; no free text. */
  @Override
  public String toString() {
    return "ChargeRequest[amount="
        + amount
        + ", source="
        + source
        + ", captureMode="
        + captureMode
        + ", metadata="
        + metadata.size()
        + " entries, idempotencyKey="
        + idempotencyKey
        + "]";
  }

  /** Builds a {@link ChargeRequest}; {@code amount} and {@code source} are required. */
  public static final class Builder {
    private Money amount;
    private PaymentSource source;
    private CaptureMode captureMode = CaptureMode.AUTOMATIC;
    private String description;
    private String customerReference;
    private String statementDescriptor;
    private Map<String, String> metadata = new LinkedHashMap<>();
    private IdempotencyKey idempotencyKey;

    private Builder() {}

    private Builder(ChargeRequest r) {
      this.amount = r.amount;
      this.source = r.source;
      this.captureMode = r.captureMode;
      this.description = r.description;
      this.customerReference = r.customerReference;
      this.statementDescriptor = r.statementDescriptor;
      this.metadata = new LinkedHashMap<>(r.metadata);
      this.idempotencyKey = r.idempotencyKey;
    }

    /** The amount to charge; must be more than zero. */
    public Builder amount(Money amount) {
      Objects.requireNonNull(amount, "amount == null");
      if (amount.isZero()) {
        throw invalidField("amount", "amount must be more than zero, got " + amount);
      }
      this.amount = amount;
      return this;
    }

    public Builder source(PaymentSource source) {
      Objects.requireNonNull(source, "source == null");
      this.source = source;
      return this;
    }

    /** Default {@link CaptureMode#AUTOMATIC}. */
    public Builder captureMode(CaptureMode captureMode) {
      Objects.requireNonNull(captureMode, "captureMode == null");
      this.captureMode = captureMode;
      return this;
    }

    /** Optional; null clears it, blank is rejected. */
    public Builder description(String description) {
      this.description = RequestChecks.optionalText("description", description);
      return this;
    }

    /** Optional; null clears it, blank is rejected. */
    public Builder customerReference(String customerReference) {
      this.customerReference = RequestChecks.optionalText("customerReference", customerReference);
      return this;
    }

    /**
     * Optional; at most {@value ChargeRequest#MAX_STATEMENT_DESCRIPTOR_LENGTH} characters, none of
     * {@code < > " '}. Null clears it.
     */
    public Builder statementDescriptor(String statementDescriptor) {
      String descriptor = RequestChecks.optionalText("statementDescriptor", statementDescriptor);
      if (descriptor != null) {
        if (descriptor.length() > MAX_STATEMENT_DESCRIPTOR_LENGTH) {
          throw invalidField(
              "statementDescriptor",
              "statementDescriptor is "
                  + descriptor.length()
                  + " characters, more than the "
                  + MAX_STATEMENT_DESCRIPTOR_LENGTH
                  + " allowed: \""
                  + descriptor
                  + "\"");
        }
        for (char c : descriptor.toCharArray()) {
          if (c == '<' || c == '>' || c == '"' || c == '\'') {
            throw invalidField(
                "statementDescriptor",
                "statementDescriptor may not contain " + c + ": \"" + descriptor + "\"");
          }
        }
      }
      this.statementDescriptor = descriptor;
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

    /**
     * @throws dev.switchboard.InvalidRequestException if {@code amount} or {@code source} is
     *     missing or the metadata exceeds its limits
     */
    public ChargeRequest build() {
      if (amount == null) {
        throw new IllegalStateException("amount must be set");
      }
      if (source == null) {
        throw new IllegalStateException("source must be set");
      }
      return new ChargeRequest(
          this,
          RequestChecks.checkedCopy(metadata),
          idempotencyKey == null ? IdempotencyKey.random() : idempotencyKey);
    }
  }
}
