package dev.switchboard;

import java.util.Optional;

/**
 * The request is wrong and sending it again unchanged cannot succeed: a missing or malformed field,
 * a value the provider does not accept, an operation the payment's state does not allow.
 *
 * <p>Thrown both by the model's builders, before anything is sent ({@link #requestSent()} is false
 * and there is no provider), and by adapters when the vendor rejects a request (4xx validation
 * errors). {@link #field()} names the offending field when it is known.
 *
 * <p>Not retried, not counted against the breaker, not failed over.
 */
public class InvalidRequestException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRequestException(String reason, ErrorContext context) {
    this(reason, context, null, null);
  }

  public InvalidRequestException(
      String reason, ErrorContext context, String field, Throwable cause) {
    super(reason, context, cause);
    this.field = field;
  }

  /**
   * Rejects a caller's input locally, before any provider is called.
   *
   * @param field the name of the field that was wrong, such as {@code amount} or {@code to}
   * @param reason what was wrong with it, in words a caller can act on
   */
  public static InvalidRequestException invalidField(String field, String reason) {
    return new InvalidRequestException(reason, ErrorContext.empty(), field, null);
  }

  /**
   * Checks a name the SDK keys things by, such as a provider or an operation.
   *
   * @return the name, when it is not blank
   * @throws NullPointerException ("provider == null") when it is null: a bug, not bad input
   * @throws InvalidRequestException naming {@code field} ("provider must be a non-blank name, was
   *     …") when it is blank
   */
  public static String requireName(String field, String name) {
    java.util.Objects.requireNonNull(name, () -> field + " == null");
    if (name.isBlank()) {
      throw invalidField(field, field + " must be a non-blank name, was " + name);
    }
    return name;
  }

  /**
   * Checks a duration that must be longer than zero, such as a retention or an interval.
   *
   * @return the duration
   * @throws NullPointerException ("retention == null") when it is null: a bug, not bad input
   * @throws InvalidRequestException naming {@code field} ("retention must be positive: PT0S") when
   *     it is zero or negative
   */
  public static java.time.Duration requirePositive(String field, java.time.Duration value) {
    java.util.Objects.requireNonNull(value, () -> field + " == null");
    if (value.isZero() || value.isNegative()) {
      throw invalidField(field, field + " must be positive: " + value);
    }
    return value;
  }

  /** The field that was wrong, as the SDK or the vendor names it. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** The reason, then the field and the context: {@code amount < 0 [field=amount, sent=false]}. */
  @Override
  public String getMessage() {
    if (field == null) {
      return super.getMessage();
    }
    String details = context().toString();
    return reason() + " [field=" + field + (details.isEmpty() ? "" : ", " + details) + "]";
  }
}
