package dev.switchboard.email;

import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.resilience.HealthProbe;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends email through one provider (a vendor's adapter, a failover composite, or the testkit's
 * fake). The application programs against this port; which vendor stands behind it is
 * configuration.
 *
 * <pre>{@code
 * EmailSender email = switchboard.email();
 * SendResult result = email.send(EmailMessage.builder()
 *     .from("shop@example.com").to("ann@example.com")
 *     .subject("Your receipt").text("Thanks!")
 *     .build());
 * }</pre>
 *
 * <p><b>Idempotency.</b> Every message carries an {@link EmailMessage#idempotencyKey()}. A provider
 * that is sent the same message with the same key again delivers nothing new and answers with the
 * first {@link SendResult} (same message id), so retrying after {@link OutcomeUnknownException} is
 * safe when the same message object (or one with the same key) is sent. The same key with a
 * different message is a {@link ConflictException}.
 *
 * <p><b>Errors</b> are {@link dev.switchboard.SwitchboardException} subtypes only:
 *
 * <ul>
 *   <li>{@link InvalidRequestException} (and {@link ConflictException}) — the provider refused the
 *       message (a scheduled time too far ahead, an option it does not support); sending it again
 *       unchanged cannot succeed.
 *   <li>{@link dev.switchboard.AuthenticationException} — the credentials were refused.
 *   <li>{@link RateLimitedException} — throttled; try again after its hint, or elsewhere.
 *   <li>{@link ProviderUnavailableException} — the provider certainly did not accept the message;
 *       safe to retry or to send through another provider.
 *   <li>{@link OutcomeUnknownException} — the message may have been accepted; retry with the same
 *       key. Sending it through another provider risks a duplicate email.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface EmailSender {
  /** The provider's name, such as {@code "fake"} or a vendor's name. */
  String provider();

  /**
   * Hands the message to the provider for delivery.
   *
   * @return the provider's answer once it accepted the message (queued, not yet delivered)
   * @throws NullPointerException if {@code message} is null
   * @throws InvalidRequestException if the provider refused it
   */
  SendResult send(EmailMessage message);

  /**
   * Whether the message stays within this provider's documented limits (counts, sizes, allowed
   * characters in addresses, headers and tags): empty when it does, else the {@link
   * InvalidRequestException} that {@link #send} would throw for it before sending anything, naming
   * the field, the limit and the provider. A local check that never calls the provider; failover
   * composites skip a provider whose check fails.
   *
   * <p>The default finds nothing wrong: a provider without declared limits leaves them to the
   * provider's own answer.
   *
   * @throws NullPointerException if the message is null
   */
  default Optional<InvalidRequestException> check(EmailMessage message) {
    Objects.requireNonNull(message, "message == null");
    return Optional.empty();
  }

  /**
   * The provider's health probe: a cheap vendor call with no side effect that a half-open circuit
   * breaker runs as its trial, so that no customer's call is the one that finds out whether the
   * provider is back. The default names none; the breaker then lets a real call be the trial.
   */
  default Optional<HealthProbe> healthProbe() {
    return Optional.empty();
  }

  /**
   * This port's non-blocking form, with the same operations and rules. Every adapter of the SDK,
   * every failover composite and every testkit fake has one that holds no thread while a call
   * waits. The default, for a port written without one, runs each call on the calling thread and
   * returns a completed future: correct, but it blocks the caller like the blocking call does.
   */
  default AsyncEmailSender async() {
    return new BlockingAsyncEmailSender(this);
  }
}
