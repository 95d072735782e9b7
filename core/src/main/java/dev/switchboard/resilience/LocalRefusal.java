package dev.switchboard.resilience;

/**
 * The cause a policy attaches to the exceptions it creates for refusals that have no Resilience4j
 * exception of their own, so that {@link ErrorPolicy#localRefusal} can tell them from a provider's
 * answer. Carries no stack trace: it marks, it does not explain.
 */
final class LocalRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;

  LocalRefusal(RefusalReason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  RefusalReason reason() {
    return reason;
  }
}
