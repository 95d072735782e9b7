package dev.switchboard.payments;

import dev.switchboard.SwitchboardException;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking form of a {@link PaymentGateway}: the same operations with the same rules, each
 * returning at once with a {@link CompletableFuture} that completes with what the blocking call
 * returns, or fails with the {@link SwitchboardException} it throws. No thread is held while a call
 * waits: the HTTP exchange is enqueued with OkHttp, and retries and pauses are scheduled. Get one
 * from {@link PaymentGateway#async()} or {@code switchboard.async().payments()}.
 *
 * <pre>{@code
 * AsyncPaymentGateway payments = switchboard.async().payments();
 * payments.charge(request)
 *     .thenAccept(payment -> orders.markPaid(order, payment.id()))
 *     .exceptionally(failure -> { orders.flag(order, failure); return null; });
 * }</pre>
 *
 * <p>The future completes on the thread that ends the call, usually OkHttp's dispatcher thread;
 * continue with the {@code ...Async(fn, executor)} stages to run your own work elsewhere.
 * Cancelling the future cancels the call: when nothing was sent it fails with a {@link
 * java.util.concurrent.CancellationException}; once the request may have reached the vendor, with
 * an {@link dev.switchboard.OutcomeUnknownException} carrying the idempotency key to repeat it
 * with. The methods never throw: a bad argument fails the future.
 */
public interface AsyncPaymentGateway {
  /** The provider's name, as {@link PaymentGateway#provider()}. */
  String provider();

  /** {@link PaymentGateway#charge}, without blocking. */
  CompletableFuture<Payment> charge(ChargeRequest request);

  /** {@link PaymentGateway#capture}, without blocking. */
  CompletableFuture<Payment> capture(CaptureRequest request);

  /** {@link PaymentGateway#cancel}, without blocking. */
  CompletableFuture<Payment> cancel(CancelRequest request);

  /** {@link PaymentGateway#refund}, without blocking. */
  CompletableFuture<Refund> refund(RefundRequest request);

  /** {@link PaymentGateway#get}, without blocking. */
  CompletableFuture<Payment> get(PaymentId id);

  /** {@link PaymentGateway#supports}: a local check, answered at once. */
  boolean supports(ChargeRequest request);
}
