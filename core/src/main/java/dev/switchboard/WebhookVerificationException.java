package dev.switchboard;

import java.util.Objects;

/**
 * A webhook request could not be proven to come from the provider, or could not be read: the
 * signature header is missing or malformed, the signature does not match, the timestamp is outside
 * the tolerance, the event was already seen, the body is not what the provider sends, or the
 * provider's own copy of the event could not be fetched to confirm it.
 *
 * <p>Answer such a request with 400 and do not act on it. The message says what was wrong, never
 * the secret or the expected signature.
 */
public class WebhookVerificationException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the webhook request. */
  public enum Problem {
    /** A header the provider always sends is absent. */
    MISSING_HEADER,
    /** A signature or timestamp header is present but cannot be parsed. */
    MALFORMED_HEADER,
    /** No signature matched any configured secret or key. */
    SIGNATURE_MISMATCH,
    /** The signed timestamp is too old or too far in the future. */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /** The same delivery (token, id) was already accepted once. */
    REPLAYED,
    /** The signature is valid but the body is not the JSON the provider sends. */
    MALFORMED_BODY,
    /**
     * The verifier was set to confirm each event by fetching the provider's own copy, and that copy
     * could not be had (the provider answered with an error, not at all, or with something
     * unreadable) or is not the event delivered. Nothing proves the delivery.
     */
    UNCONFIRMED
  }

  private final Problem problem;

  public WebhookVerificationException(Problem problem, String reason, ErrorContext context) {
    this(problem, reason, context, null);
  }

  public WebhookVerificationException(
      Problem problem, String reason, ErrorContext context, Throwable cause) {
    super(reason, context, cause);
    this.problem = Objects.requireNonNull(problem, "problem == null");
  }

  public Problem problem() {
    return problem;
  }
}
