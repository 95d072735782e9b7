package dev.switchboard;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about the call that failed: which provider and operation, what the vendor answered,
 * which idempotency key was used, and whether any request bytes reached the vendor.
 *
 * <p>Every {@link SwitchboardException} carries one. It holds no secrets: adapters put only the
 * vendor's public error code and request id here, never credentials or request bodies.
 *
 * <pre>{@code
 * ErrorContext context = ErrorContext.builder()
 *     .provider("acme-pay").operation("charge")
 *     .httpStatus(503).vendorRequestId("req_123")
 *     .idempotencyKey(key).requestSent(true)
 *     .build();
 * }</pre>
 */
public final class ErrorContext {
  private static final ErrorContext EMPTY = new Builder().build();

  private final String provider;
  private final String operation;
  private final int httpStatus;
  private final String vendorCode;
  private final String vendorRequestId;
  private final IdempotencyKey idempotencyKey;
  private final boolean requestSent;
  private final Boolean vendorRetryHint;

  private ErrorContext(Builder b) {
    this.provider = b.provider;
    this.operation = b.operation;
    this.httpStatus = b.httpStatus;
    this.vendorCode = b.vendorCode;
    this.vendorRequestId = b.vendorRequestId;
    this.idempotencyKey = b.idempotencyKey;
    this.requestSent = b.requestSent;
    this.vendorRetryHint = b.vendorRetryHint;
  }

  /** A context with nothing known: no provider, nothing sent. */
  public static ErrorContext empty() {
    return EMPTY;
  }

  /** A context for input rejected locally, before any provider was called. */
  public static ErrorContext local(String operation) {
    return builder().operation(operation).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The provider's name ({@code "fake"}, a vendor's name), absent for input rejected locally. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /** The port operation, such as {@code charge}, {@code send} or {@code put}. */
  public Optional<String> operation() {
    return Optional.ofNullable(operation);
  }

  /** The HTTP status the vendor answered with, absent when no response arrived. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The vendor's own error code, such as a decline code or a validation issue. */
  public Optional<String> vendorCode() {
    return Optional.ofNullable(vendorCode);
  }

  /** The vendor's id for this request, to quote to the vendor's support. */
  public Optional<String> vendorRequestId() {
    return Optional.ofNullable(vendorRequestId);
  }

  /** The idempotency key the call used; retrying with it cannot act twice. */
  public Optional<IdempotencyKey> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** Whether any byte of the request may have reached the vendor. */
  public boolean requestSent() {
    return requestSent;
  }

  /**
   * The vendor's own word on whether the call may be retried (a header such as {@code
   * X-Should-Retry: false}), which overrides the SDK's rule for the exception's class; absent when
   * the vendor said nothing.
   */
  public Optional<Boolean> vendorRetryHint() {
    return Optional.ofNullable(vendorRetryHint);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ErrorContext other)) {
      return false;
    }
    return httpStatus == other.httpStatus
        && requestSent == other.requestSent
        && Objects.equals(vendorRetryHint, other.vendorRetryHint)
        && Objects.equals(provider, other.provider)
        && Objects.equals(operation, other.operation)
        && Objects.equals(vendorCode, other.vendorCode)
        && Objects.equals(vendorRequestId, other.vendorRequestId)
        && Objects.equals(idempotencyKey, other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        provider,
        operation,
        httpStatus,
        vendorCode,
        vendorRequestId,
        idempotencyKey,
        requestSent,
        vendorRetryHint);
  }

  /**
   * A compact form such as {@code provider=x, operation=charge, status=503, sent=true}; empty when
   * nothing is known, as for input rejected before any provider was chosen.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    append(s, "provider", provider);
    append(s, "operation", operation);
    if (httpStatus >= 0) {
      append(s, "status", Integer.toString(httpStatus));
    }
    append(s, "vendorCode", vendorCode);
    append(s, "vendorRequestId", vendorRequestId);
    append(s, "idempotencyKey", idempotencyKey == null ? null : idempotencyKey.value());
    if (provider != null || requestSent) {
      append(s, "sent", Boolean.toString(requestSent));
    }
    append(s, "vendorRetryHint", vendorRetryHint == null ? null : vendorRetryHint.toString());
    return s.toString();
  }

  private static void append(StringBuilder s, String name, String value) {
    if (value == null) {
      return;
    }
    if (s.length() > 0) {
      s.append(", ");
    }
    s.append(name).append('=').append(value);
  }

  /** Builds an {@link ErrorContext}; every field is optional. */
  public static final class Builder {
    private String provider;
    private String operation;
    private int httpStatus = -1;
    private String vendorCode;
    private String vendorRequestId;
    private IdempotencyKey idempotencyKey;
    private boolean requestSent;
    private Boolean vendorRetryHint;

    private Builder() {}

    private Builder(ErrorContext c) {
      this.provider = c.provider;
      this.operation = c.operation;
      this.httpStatus = c.httpStatus;
      this.vendorCode = c.vendorCode;
      this.vendorRequestId = c.vendorRequestId;
      this.idempotencyKey = c.idempotencyKey;
      this.requestSent = c.requestSent;
      this.vendorRetryHint = c.vendorRetryHint;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder operation(String operation) {
      this.operation = operation;
      return this;
    }

    /** The HTTP status; must be 100 to 599. */
    public Builder httpStatus(int httpStatus) {
      if (httpStatus < 100 || httpStatus > 599) {
        throw new IllegalArgumentException("httpStatus out of range 100..599: " + httpStatus);
      }
      this.httpStatus = httpStatus;
      return this;
    }

    public Builder vendorCode(String vendorCode) {
      this.vendorCode = vendorCode;
      return this;
    }

    public Builder vendorRequestId(String vendorRequestId) {
      this.vendorRequestId = vendorRequestId;
      return this;
    }

    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder requestSent(boolean requestSent) {
      this.requestSent = requestSent;
      return this;
    }

    /** What the vendor said about retrying this call; null when it said nothing. */
    public Builder vendorRetryHint(Boolean vendorRetryHint) {
      this.vendorRetryHint = vendorRetryHint;
      return this;
    }

    public ErrorContext build() {
      return new ErrorContext(this);
    }
  }
}
