package dev.switchboard.payments;

import dev.switchboard.internal.Futures;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link PaymentGateway#async()} of a gateway that has no non-blocking form of its own: each
 * call runs on the calling thread, and the future is complete when it returns.
 */
final class BlockingAsyncPaymentGateway implements AsyncPaymentGateway {
  private final PaymentGateway gateway;

  BlockingAsyncPaymentGateway(PaymentGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public String provider() {
    return gateway.provider();
  }

  @Override
  public CompletableFuture<Payment> charge(ChargeRequest request) {
    return Futures.call(() -> gateway.charge(request));
  }

  @Override
  public CompletableFuture<Payment> capture(CaptureRequest request) {
    return Futures.call(() -> gateway.capture(request));
  }

  @Override
  public CompletableFuture<Payment> cancel(CancelRequest request) {
    return Futures.call(() -> gateway.cancel(request));
  }

  @Override
  public CompletableFuture<Refund> refund(RefundRequest request) {
    return Futures.call(() -> gateway.refund(request));
  }

  @Override
  public CompletableFuture<Payment> get(PaymentId id) {
    return Futures.call(() -> gateway.get(id));
  }

  @Override
  public boolean supports(ChargeRequest request) {
    return gateway.supports(request);
  }

  @Override
  public String toString() {
    return "blocking async view of " + gateway;
  }
}
