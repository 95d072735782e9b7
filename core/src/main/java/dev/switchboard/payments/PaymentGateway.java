package dev.switchboard.payments;

import dev.switchboard.ConflictException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.resilience.HealthProbe;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes payments through one payment provider, or through several behind a failover composite.
 * Implementations are thread-safe and synchronous, and throw only {@link SwitchboardException}
 * subtypes.
 *
 * <pre>{@code
 * PaymentGateway gateway = ...; // an adapter, a failover composite, or the testkit's fake
 * Payment paid = gateway.charge(ChargeRequest.builder()
 *     .amount(Money.of("12.34", "EUR"))
 *     .source(PaymentSource.token(gateway.provider(), "pm_123"))
 *     .build());
 * gateway.refund(RefundRequest.partial(paid.id(), Money.of("2.34", "EUR")));
 * }</pre>
 *
 * <h2>States</h2>
 *
 * <pre>
 * charge, AUTOMATIC ──► SUCCEEDED ──refund──► SUCCEEDED (refunded grows, up to captured)
 * charge, MANUAL ─────► AUTHORIZED ──capture──► SUCCEEDED
 *                                  ──cancel───► CANCELED
 * charge needing the buyer ──► REQUIRES_ACTION ──buyer acts──► SUCCEEDED or AUTHORIZED
 *                                              ──cancel──────► CANCELED (where the provider allows)
 * charge still processing ───► PENDING ──later──► SUCCEEDED or FAILED
 * charge declined ───────────► FAILED (PaymentDeclinedException)
 * </pre>
 *
 * <ul>
 *   <li>{@code capture} is allowed only on an {@link PaymentStatus#AUTHORIZED AUTHORIZED} payment,
 *       once, for at most the authorized amount; after a partial capture the rest is released.
 *   <li>{@code cancel} is allowed only before any capture: on {@code AUTHORIZED}, and on {@code
 *       REQUIRES_ACTION} or {@code PENDING} where the provider allows it.
 *   <li>{@code refund} is allowed only on a {@link PaymentStatus#SUCCEEDED SUCCEEDED} payment, any
 *       number of times, while the sum of refunds stays within {@link Payment#captured()}.
 * </ul>
 *
 * <p>A call that the payment's state does not allow throws {@link InvalidRequestException}.
 *
 * <h2>Idempotency</h2>
 *
 * Every mutating request carries an {@link dev.switchboard.IdempotencyKey}. Sending the same
 * request again with the same key acts once and returns the first result (or throws the first
 * decline). Reusing a key with different parameters, or for another operation, throws {@link
 * ConflictException}. After an {@link OutcomeUnknownException}, retry with the same request object
 * (and so the same key): never with a fresh key, which could charge twice.
 *
 * <h2>Errors</h2>
 *
 * <ul>
 *   <li>{@link InvalidRequestException}: the request is wrong or the state forbids it ({@link
 *       InvalidRequestException#field()} names the field, such as {@code amount}); a payment id of
 *       another provider.
 *   <li>{@link ConflictException}: an idempotency key reused with different parameters.
 *   <li>{@link NotFoundException}: no payment with that id at this provider.
 *   <li>{@link PaymentDeclinedException}: a definite decline, with the neutral {@link FailureCode}
 *       and the vendor's code.
 *   <li>{@link ProviderUnavailableException}, {@link dev.switchboard.RateLimitedException}, {@link
 *       dev.switchboard.AuthenticationException}, {@link OutcomeUnknownException}: the provider
 *       could not be asked, or its answer was lost; see the taxonomy in {@link
 *       SwitchboardException}.
 * </ul>
 */
public interface PaymentGateway {
  /**
   * The provider's name, such as {@code "fake"} or a vendor's name; the provider of every {@link
   * PaymentId}.
   */
  String provider();

  /**
   * Takes, or with {@link CaptureMode#MANUAL} reserves, the request's amount.
   *
   * @return a payment that is {@code SUCCEEDED} (fully captured), {@code AUTHORIZED}, {@code
   *     REQUIRES_ACTION} (see {@link Payment#nextActionUrl()}) or {@code PENDING}
   * @throws PaymentDeclinedException if the provider declined; a payment it created is then {@code
   *     FAILED}
   * @throws InvalidRequestException if this provider cannot serve the request (see {@link
   *     #supports}) or rejects it
   */
  Payment charge(ChargeRequest request);

  /**
   * Takes all or part of an authorized payment's money and releases the rest.
   *
   * @return the payment, {@code SUCCEEDED}, with {@link Payment#captured()} set
   * @throws InvalidRequestException if the payment is not {@code AUTHORIZED}, or (field {@code
   *     amount}) the amount exceeds what was authorized or is in another currency
   * @throws NotFoundException if there is no such payment
   */
  Payment capture(CaptureRequest request);

  /**
   * Releases a payment that has not been captured.
   *
   * @return the payment, {@code CANCELED}
   * @throws InvalidRequestException if the payment was captured, or is already final
   * @throws NotFoundException if there is no such payment
   */
  Payment cancel(CancelRequest request);

  /**
   * Gives back all or part of what a payment captured and has not yet refunded.
   *
   * @return the refund; the payment's {@link Payment#refunded()} grows by its amount
   * @throws InvalidRequestException if the payment is not {@code SUCCEEDED} (nothing captured), or
   *     (field {@code amount}) the amount exceeds {@link Payment#refundable()}
   * @throws NotFoundException if there is no such payment
   */
  Refund refund(RefundRequest request);

  /**
   * The payment as the provider holds it now.
   *
   * @throws NotFoundException if there is no such payment
   * @throws InvalidRequestException if the id belongs to another provider
   */
  Payment get(PaymentId id);

  /**
   * Whether this provider can serve the request: the source holds a token this provider issued (or
   * asks for an approval flow this provider offers), and the provider accepts the currency. A local
   * check that never calls the provider; failover composites skip providers for which it is false.
   */
  boolean supports(ChargeRequest request);

  /**
   * Whether the request stays within this provider's documented limits (lengths, amounts, allowed
   * characters): empty when it does, else the {@link InvalidRequestException} that {@link #charge}
   * would throw for it before sending anything, naming the field, the limit and the provider. A
   * local check that never calls the provider; failover composites skip a provider whose check
   * fails as they skip one that does not {@link #supports support} the request.
   *
   * <p>The default finds nothing wrong: a provider without declared limits leaves them to the
   * provider's own answer.
   *
   * @throws NullPointerException if the request is null
   */
  default Optional<InvalidRequestException> check(ChargeRequest request) {
    Objects.requireNonNull(request, "request == null");
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
  default AsyncPaymentGateway async() {
    return new BlockingAsyncPaymentGateway(this);
  }
}
