package dev.switchboard.benchmarks;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.Secret;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.mailgun.MailgunEmailSender;
import dev.switchboard.email.sendgrid.SendGridEmailSender;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.paypal.PayPalPaymentGateway;
import dev.switchboard.payments.stripe.StripePaymentGateway;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.S3BlobStore;
import dev.switchboard.testkit.InMemoryBlobStore;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * How fast each port's failover composite reacts to a primary that answers 503, with the real
 * adapters on their local stand-ins: Stripe → PayPal (simulators), SendGrid → Mailgun (simulators),
 * S3 (a local server answering 503 SlowDown) → an in-memory store.
 *
 * <p>For each port it makes {@code calls} (default 300) customer calls one after the other (for
 * storage, as many as fit in 8 s, at least {@code calls}), on the real clock, with every {@link
 * ResilienceConfig} default except the sleeper (retry back-offs are not slept, so the run takes
 * seconds), and reports: customer calls that failed before the first one the backup served,
 * customer calls that failed after, and customer requests that still reached the primary after
 * traffic moved. Then, while the primary is still open or held, it times {@code calls} calls
 * through the composite interleaved with as many through a composite over the backup alone, and
 * reports both medians and their difference, the cost of stepping around the primary.
 *
 * <pre>
 * ./mvnw -q -o -pl benchmarks -am package -DskipTests exec:exec \
 *     -Dexec.args="-cp %classpath dev.switchboard.benchmarks.FailoverReactionProgram 300"
 * </pre>
 */
public final class FailoverReactionProgram {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final String CLIENT_ID = "client-bench";
  private static final String CLIENT_SECRET = "secret-bench";

  /**
   * How long the storage run goes on at least, so that the primary's holds (1 s, then 2 s, 4 s...)
   * end while it runs and the requests that still reach it show.
   */
  private static final Duration STORAGE_RUN = Duration.ofSeconds(8);

  private FailoverReactionProgram() {}

  /** What one port's run found. */
  record Result(
      String port,
      String route,
      int minimumCalls,
      int failedBefore,
      int failedAfter,
      long primaryHitsAfterMove,
      double compositeMicros,
      double directMicros) {}

  /** One customer call: the provider that served it, or a {@link SwitchboardException}. */
  private record Port(
      Supplier<String> viaComposite,
      Supplier<String> viaBackupAlone,
      String backup,
      LongSupplier primaryCustomerRequests,
      Duration atLeast) {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    List<Result> results = List.of(payments(calls), email(calls), storage(calls));
    System.out.println();
    System.out.println(
        "| port | primary → backup | breaker.minimum-calls | failed before the move |"
            + " failed after | primary customer requests after the move |"
            + " p50 via composite µs | p50 backup alone µs | added µs |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %d | %d | %d | %.0f | %.0f | %.0f |%n",
          r.port(),
          r.route(),
          r.minimumCalls(),
          r.failedBefore(),
          r.failedAfter(),
          r.primaryHitsAfterMove(),
          r.compositeMicros(),
          r.directMicros(),
          r.compositeMicros() - r.directMicros());
    }
  }

  private static ResilienceConfig config() {
    return ResilienceConfig.builder().sleeper(wait -> {}).build();
  }

  private static Result payments(int calls) {
    try (StripeSimulator stripe = new StripeSimulator(CLOCK);
        PayPalSimulator paypal = new PayPalSimulator(CLOCK, CLIENT_ID, CLIENT_SECRET)) {
      PaymentGateway primary =
          StripePaymentGateway.builder()
              .baseUrl(stripe.start().toString())
              .apiKey(StripeSimulator.TEST_API_KEY)
              .build();
      String paypalUrl = paypal.start().toString();
      PaymentGateway composite =
          FailoverPaymentGateway.builder()
              .add(primary, ResiliencePolicy.of("stripe", config()))
              .add(paypal(paypalUrl), ResiliencePolicy.of("paypal", config()))
              .build();
      PaymentGateway backupAlone =
          FailoverPaymentGateway.builder()
              .add(paypal(paypalUrl), ResiliencePolicy.of("paypal", config()))
              .build();
      stripe.failAlways(SimulatedFault.unavailable());
      AtomicLong orders = new AtomicLong();
      return run(
          "payments",
          "Stripe (503) → PayPal",
          calls,
          new Port(
              () -> composite.charge(charge(orders.incrementAndGet())).id().provider(),
              () -> backupAlone.charge(charge(orders.incrementAndGet())).id().provider(),
              "paypal",
              () ->
                  stripe.requests().stream()
                      .filter(r -> r.getUrl().encodedPath().startsWith("/v1/payment_intents"))
                      .count(),
              Duration.ZERO));
    }
  }

  private static PaymentGateway paypal(String baseUrl) {
    return PayPalPaymentGateway.builder()
        .baseUrl(baseUrl)
        .clientId(CLIENT_ID)
        .clientSecret(Secret.of(CLIENT_SECRET))
        .build();
  }

  private static ChargeRequest charge(long order) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(
            PaymentSource.token("stripe", "pm_card_visa")
                .orToken("paypal", PayPalSimulator.VAULT_OK))
        .idempotencyKey(IdempotencyKey.of("order-" + order))
        .build();
  }

  private static Result email(int calls) {
    try (SendGridSimulator sendgrid = new SendGridSimulator(CLOCK);
        MailgunSimulator mailgun = new MailgunSimulator(CLOCK)) {
      EmailSender primary =
          SendGridEmailSender.builder()
              .baseUrl(sendgrid.start().toString())
              .apiKey(Secret.of(SendGridSimulator.DEFAULT_API_KEY))
              .build();
      String mailgunUrl = mailgun.start().toString();
      EmailSender composite =
          FailoverEmailSender.builder()
              .add(primary, ResiliencePolicy.of("sendgrid", config()))
              .add(mailgun(mailgunUrl), ResiliencePolicy.of("mailgun", config()))
              .build();
      EmailSender backupAlone =
          FailoverEmailSender.builder()
              .add(mailgun(mailgunUrl), ResiliencePolicy.of("mailgun", config()))
              .build();
      sendgrid.failAlways(SimulatedFault.unavailable());
      return run(
          "email",
          "SendGrid (503) → Mailgun",
          calls,
          new Port(
              () -> composite.send(message()).provider(),
              () -> backupAlone.send(message()).provider(),
              "mailgun",
              () ->
                  sendgrid.requests().stream()
                      .filter(
                          r -> r.getUrl().encodedPath().equals(SendGridSimulator.MAIL_SEND_PATH))
                      .count(),
              Duration.ZERO));
    }
  }

  private static EmailSender mailgun(String baseUrl) {
    return MailgunEmailSender.builder()
        .baseUrl(baseUrl)
        .apiKey(MailgunSimulator.DEFAULT_API_KEY)
        .domain(MailgunSimulator.DEFAULT_DOMAIN)
        .build();
  }

  private static EmailMessage message() {
    return EmailMessage.builder()
        .from("shop@" + MailgunSimulator.DEFAULT_DOMAIN)
        .to("ann@example.com")
        .subject("Your receipt")
        .text("Thanks!")
        .build();
  }

  private static Result storage(int calls) throws Exception {
    try (MockWebServer s3 = new MockWebServer()) {
      AtomicLong s3Requests = new AtomicLong();
      s3.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              s3Requests.incrementAndGet();
              // SlowDown to a HEAD: the status alone, as S3 answers every HEAD error.
              return new MockResponse.Builder().code(503).build();
            }
          });
      s3.start(InetAddress.getLoopbackAddress(), 0);
      BlobStore primary =
          S3BlobStore.builder()
              .endpoint(s3.url("/").uri())
              .bucket("receipts")
              .region("eu-west-1")
              .accessKeyId("AKIAFAKEBENCH")
              .secretAccessKey(Secret.of("fake-bench-secret"))
              .build();
      InMemoryBlobStore replica = InMemoryBlobStore.builder().provider("replica").build();
      replica.put("receipts/1.pdf", BlobContent.ofString("hello"), PutOptions.defaults());
      ResilienceConfig storage = config().toBuilder().timeoutCall(Duration.ZERO).build();
      BlobStore composite =
          FailoverBlobStore.builder()
              .add(primary, ResiliencePolicy.of("s3", storage))
              .add(replica, ResiliencePolicy.of("replica", storage))
              .build();
      BlobStore backupAlone =
          FailoverBlobStore.builder().add(replica, ResiliencePolicy.of("replica", storage)).build();
      return run(
          "storage",
          "S3 (503 SlowDown) → replica",
          calls,
          new Port(
              () -> served(composite),
              () -> served(backupAlone),
              "replica",
              s3Requests::get,
              STORAGE_RUN));
    }
  }

  /** A stat through {@code store}: only the replica holds the blob, so it served the call. */
  private static String served(BlobStore store) {
    store.stat("receipts/1.pdf").orElseThrow();
    return "replica";
  }

  private static Result run(String port, String route, int calls, Port p) {
    int failedBefore = 0;
    int failedAfter = 0;
    long primaryAtMove = -1;
    long end = System.nanoTime() + p.atLeast().toNanos();
    for (int i = 0; i < calls || System.nanoTime() - end < 0; i++) {
      try {
        String provider = p.viaComposite().get();
        if (primaryAtMove < 0 && provider.equals(p.backup())) {
          primaryAtMove = p.primaryCustomerRequests().getAsLong();
        }
      } catch (SwitchboardException e) {
        if (primaryAtMove < 0) {
          failedBefore++;
        } else {
          failedAfter++;
        }
      }
    }
    long hitsAfter =
        primaryAtMove < 0 ? -1 : p.primaryCustomerRequests().getAsLong() - primaryAtMove;
    long[] composite = new long[calls];
    long[] direct = new long[calls];
    for (int i = 0; i < calls; i++) {
      composite[i] = timed(p.viaComposite());
      direct[i] = timed(p.viaBackupAlone());
    }
    return new Result(
        port,
        route,
        config().breakerMinimumCalls(),
        failedBefore,
        failedAfter,
        hitsAfter,
        medianMicros(composite),
        medianMicros(direct));
  }

  private static long timed(Supplier<String> call) {
    long start = System.nanoTime();
    call.get();
    return System.nanoTime() - start;
  }

  private static double medianMicros(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1_000.0;
  }
}
