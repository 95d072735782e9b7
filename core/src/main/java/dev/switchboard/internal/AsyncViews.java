package dev.switchboard.internal;

import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The non-blocking form of a port whose operations are written once for both {@link CallMode}s:
 * each call runs its operation in {@link CallMode#NON_BLOCKING} mode, started with {@link
 * CallScope#cancellable} so that cancelling the future cancels the HTTP call, and a bad argument
 * fails the future instead of throwing. An adapter's blocking methods join the same operations run
 * in {@link CallMode#BLOCKING} mode.
 *
 * <pre>{@code
 * private final AsyncPaymentGateway async =
 *     AsyncViews.payments(this, this::supports, this::charge, this::capture, this::cancel, this::refund, this::get);
 * }</pre>
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class AsyncViews {
  private AsyncViews() {}

  /** One operation of a port, in a mode. */
  @FunctionalInterface
  public interface Operation<Q, R> extends BiFunction<Q, CallMode, CompletableFuture<R>> {}

  /** The non-blocking view of a payment gateway; {@code owner} names it and its provider. */
  public static AsyncPaymentGateway payments(
      Object owner,
      String provider,
      Predicate<ChargeRequest> supports,
      Operation<ChargeRequest, Payment> charge,
      Operation<CaptureRequest, Payment> capture,
      Operation<CancelRequest, Payment> cancel,
      Operation<RefundRequest, Refund> refund,
      Operation<PaymentId, Payment> get) {
    return new AsyncPaymentGateway() {
      @Override
      public String provider() {
        return provider;
      }

      @Override
      public CompletableFuture<Payment> charge(ChargeRequest request) {
        return run(charge, request);
      }

      @Override
      public CompletableFuture<Payment> capture(CaptureRequest request) {
        return run(capture, request);
      }

      @Override
      public CompletableFuture<Payment> cancel(CancelRequest request) {
        return run(cancel, request);
      }

      @Override
      public CompletableFuture<Refund> refund(RefundRequest request) {
        return run(refund, request);
      }

      @Override
      public CompletableFuture<Payment> get(PaymentId id) {
        return run(get, id);
      }

      @Override
      public boolean supports(ChargeRequest request) {
        return supports.test(request);
      }

      @Override
      public String toString() {
        return "async " + owner;
      }
    };
  }

  /** The non-blocking view of an email sender; {@code owner} names it. */
  public static AsyncEmailSender email(
      Object owner, String provider, Operation<EmailMessage, SendResult> send) {
    return new AsyncEmailSender() {
      @Override
      public String provider() {
        return provider;
      }

      @Override
      public CompletableFuture<SendResult> send(EmailMessage message) {
        return run(send, message);
      }

      @Override
      public String toString() {
        return "async " + owner;
      }
    };
  }

  private static <Q, R> CompletableFuture<R> run(Operation<Q, R> operation, Q request) {
    return CallScope.cancellable(() -> operation.apply(request, CallMode.NON_BLOCKING));
  }
}
