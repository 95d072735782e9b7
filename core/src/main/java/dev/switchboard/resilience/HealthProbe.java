package dev.switchboard.resilience;

/**
 * A cheap vendor call with no side effect that tells whether a provider answers again: a balance
 * read, a token request, a HEAD of a bucket. A port names its probe ({@code healthProbe()} on
 * {@link dev.switchboard.payments.PaymentGateway}, {@link dev.switchboard.email.EmailSender} and
 * {@link dev.switchboard.storage.BlobStore}); a failover composite hands it to the provider's
 * {@link ResiliencePolicy}, whose half-open breaker then runs the probe as its trial instead of
 * letting a customer's call be the trial ({@code breaker.half-open-trial=probe}).
 *
 * <pre>{@code
 * HealthProbe probe = () -> executor.executeWithoutBody("probe", api.balance());
 * }</pre>
 *
 * <p>A probe must be safe to run at any time and any number of times, must never charge, send or
 * write anything, and is run on a shared background thread, never on a caller's.
 */
@FunctionalInterface
public interface HealthProbe {
  /**
   * Asks the provider something cheap and returns when it answered well.
   *
   * @throws dev.switchboard.SwitchboardException the provider's failure, classified as every other
   *     call of the adapter (so {@link ErrorPolicy#countsForBreaker} decides whether it counts)
   */
  void probe();
}
