package dev.switchboard.testkit;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.resilience.HealthProbe;
import java.util.Optional;

/**
 * Blocking ports that make every call through the port's non-blocking form ({@code async()}) and
 * wait for its future, rethrowing its failure as itself: the contracts run unchanged against the
 * non-blocking API this way ({@link PaymentGatewayContract#nonBlocking()}).
 */
final class JoiningPorts {
  private JoiningPorts() {}

  static PaymentGateway payments(PaymentGateway gateway) {
    AsyncPaymentGateway async = gateway.async();
    return new PaymentGateway() {
      @Override
      public String provider() {
        return async.provider();
      }

      @Override
      public Payment charge(ChargeRequest request) {
        return Futures.join(async.charge(request));
      }

      @Override
      public Payment capture(CaptureRequest request) {
        return Futures.join(async.capture(request));
      }

      @Override
      public Payment cancel(CancelRequest request) {
        return Futures.join(async.cancel(request));
      }

      @Override
      public Refund refund(RefundRequest request) {
        return Futures.join(async.refund(request));
      }

      @Override
      public Payment get(PaymentId id) {
        return Futures.join(async.get(id));
      }

      @Override
      public boolean supports(ChargeRequest request) {
        return async.supports(request);
      }

      @Override
      public Optional<InvalidRequestException> check(ChargeRequest request) {
        return gateway.check(request);
      }

      @Override
      public Optional<HealthProbe> healthProbe() {
        return gateway.healthProbe();
      }

      @Override
      public AsyncPaymentGateway async() {
        return async;
      }

      @Override
      public String toString() {
        return "joining " + async;
      }
    };
  }

  static EmailSender email(EmailSender sender) {
    AsyncEmailSender async = sender.async();
    return new EmailSender() {
      @Override
      public String provider() {
        return async.provider();
      }

      @Override
      public SendResult send(EmailMessage message) {
        return Futures.join(async.send(message));
      }

      @Override
      public Optional<InvalidRequestException> check(EmailMessage message) {
        return sender.check(message);
      }

      @Override
      public Optional<HealthProbe> healthProbe() {
        return sender.healthProbe();
      }

      @Override
      public AsyncEmailSender async() {
        return async;
      }

      @Override
      public String toString() {
        return "joining " + async;
      }
    };
  }
}
