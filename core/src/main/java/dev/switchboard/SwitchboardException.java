package dev.switchboard;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every error a Switchboard port throws. Unchecked.
 *
 * <p>The subtype says what happened and so what is safe to do next: whether the same provider may
 * be retried, whether the failure counts against the provider's circuit breaker, and whether a
 * failover composite may move the call to another provider. {@code ErrorPolicy} holds that table,
 * and the README shows it; nothing vendor-specific ever escapes an adapter.
 *
 * <p>The message never contains a secret. The {@link ErrorContext} is appended to it so that a log
 * line names the provider, operation, status, vendor request id and idempotency key.
 */
public abstract class SwitchboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient ErrorContext context;

  protected SwitchboardException(String reason, ErrorContext context, Throwable cause) {
    super(compose(reason, context), cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.context = Objects.requireNonNull(context, "context == null");
  }

  private static String compose(String reason, ErrorContext context) {
    Objects.requireNonNull(reason, "reason == null");
    String details = context == null ? "" : context.toString();
    return details.isEmpty() ? reason : reason + " [" + details + "]";
  }

  /** The message without the appended context. */
  public String reason() {
    return reason;
  }

  public ErrorContext context() {
    return context;
  }

  /** The provider that failed, absent for input rejected before any provider was called. */
  public Optional<String> provider() {
    return context.provider();
  }

  public Optional<String> operation() {
    return context.operation();
  }

  public OptionalInt httpStatus() {
    return context.httpStatus();
  }

  public Optional<String> vendorCode() {
    return context.vendorCode();
  }

  public Optional<String> vendorRequestId() {
    return context.vendorRequestId();
  }

  public Optional<IdempotencyKey> idempotencyKey() {
    return context.idempotencyKey();
  }

  /** Whether any byte of the request may have reached the vendor. */
  public boolean requestSent() {
    return context.requestSent();
  }
}
