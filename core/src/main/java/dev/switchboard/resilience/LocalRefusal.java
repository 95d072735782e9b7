package dev.switchboard.resilience;

/**
 * The cause a policy attaches to the exceptions it creates for refusals that have no Resilience4j
 * exception of their own, so that {@link ErrorPolicy#localRefusal} can tell them from a provider's
 * answer. Carries no stack trace: it marks, it does not explain.
 */
final class LocalRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;
  private final java.time.Instant until;

  LocalRefusal(RefusalReason reason) {
    this(reason, null, null);
  }

  /**
   * @param until when the refusal is expected to end (an open breaker's end of wait), or null
   * @param cause what refused, such as Resilience4j's {@code CallNotPermittedException}, or null
   */
  LocalRefusal(RefusalReason reason, java.time.Instant until, Throwable cause) {
    super(reason.name(), cause, false, false);
    this.reason = reason;
    this.until = until;
  }

  RefusalReason reason() {
    return reason;
  }

  /** When the refusal is expected to end, if known. */
  java.util.Optional<java.time.Instant> until() {
    return java.util.Optional.ofNullable(until);
  }
}
