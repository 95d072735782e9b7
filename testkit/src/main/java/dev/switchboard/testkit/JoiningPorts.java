package dev.switchboard.testkit;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.internal.Futures;
import dev.switchboard.internal.PublisherStream;
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
import dev.switchboard.storage.AsyncBlob;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.net.URI;
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

  static BlobStore storage(BlobStore store) {
    AsyncBlobStore async = store.async();
    return new BlobStore() {
      @Override
      public String provider() {
        return async.provider();
      }

      @Override
      public BlobInfo put(String key, BlobContent content, PutOptions options) {
        return Futures.join(async.put(key, content, options));
      }

      @Override
      public Blob get(String key, GetOptions options) {
        AsyncBlob blob = Futures.join(async.get(key, options));
        PublisherStream bytes = new PublisherStream(blob.content());
        return blob.range().isPresent()
            ? Blob.of(blob.info(), bytes, blob.range().get())
            : Blob.of(blob.info(), bytes);
      }

      @Override
      public Optional<BlobInfo> stat(String key) {
        return Futures.join(async.stat(key));
      }

      @Override
      public void delete(String key) {
        Futures.join(async.delete(key));
      }

      @Override
      public BlobPage list(ListRequest request) {
        return Futures.join(async.list(request));
      }

      @Override
      public URI presign(String key, PresignRequest request) {
        return Futures.join(async.presign(key, request));
      }

      @Override
      public BlobInfo copy(String fromKey, String toKey) {
        return Futures.join(async.copy(fromKey, toKey));
      }

      @Override
      public Optional<HealthProbe> healthProbe() {
        return store.healthProbe();
      }

      @Override
      public AsyncBlobStore async() {
        return async;
      }

      @Override
      public String toString() {
        return "joining " + async;
      }
    };
  }
}
