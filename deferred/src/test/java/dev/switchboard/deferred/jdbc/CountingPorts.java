package dev.switchboard.deferred.jdbc;

import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports that count, per idempotency key, how many calls reached the vendor and how many came back
 * with a result, and can run a hook after the vendor answered (to kill a worker there).
 */
final class CountingPorts {
  final Map<String, AtomicInteger> invoked = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
  volatile Runnable afterVendorAnswered = () -> {};

  private void count(Map<String, AtomicInteger> counts, String key) {
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  int invoked(String key) {
    AtomicInteger n = invoked.get(key);
    return n == null ? 0 : n.get();
  }

  PaymentGateway payments(PaymentGateway vendor) {
    return new PaymentGateway() {
      @Override
      public String provider() {
        return vendor.provider();
      }

      @Override
      public Payment charge(ChargeRequest request) {
        String key = request.idempotencyKey().value();
        count(invoked, key);
        Payment payment = vendor.charge(request);
        afterVendorAnswered.run();
        count(succeeded, key);
        return payment;
      }

      @Override
      public Payment capture(CaptureRequest request) {
        return vendor.capture(request);
      }

      @Override
      public Payment cancel(CancelRequest request) {
        return vendor.cancel(request);
      }

      @Override
      public Refund refund(RefundRequest request) {
        return vendor.refund(request);
      }

      @Override
      public Payment get(PaymentId id) {
        return vendor.get(id);
      }

      @Override
      public boolean supports(ChargeRequest request) {
        return vendor.supports(request);
      }
    };
  }

  EmailSender email(EmailSender vendor) {
    return new EmailSender() {
      @Override
      public String provider() {
        return vendor.provider();
      }

      @Override
      public SendResult send(EmailMessage message) {
        String key = message.idempotencyKey().value();
        count(invoked, key);
        SendResult result = vendor.send(message);
        afterVendorAnswered.run();
        count(succeeded, key);
        return result;
      }
    };
  }
}
