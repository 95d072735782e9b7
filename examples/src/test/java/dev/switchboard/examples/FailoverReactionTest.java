package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.paypal.PayPalPaymentGateway;
import dev.switchboard.payments.stripe.StripePaymentGateway;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.S3BlobStore;
import dev.switchboard.testkit.InMemoryBlobStore;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How fast traffic leaves a failing primary and comes back, with real adapters on their stand-ins:
 * no customer's charge is ever a half-open trial (the adapter's health probe is), and a primary
 * that answers S3's 503 SlowDown is held for every caller instead of being asked on every call.
 */
class FailoverReactionTest {
  private static final int MINIMUM_CALLS = 5;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLIENT_ID = "client-fake";
  private static final String CLIENT_SECRET = "secret-fake";

  private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final PayPalSimulator paypal = new PayPalSimulator(clock, CLIENT_ID, CLIENT_SECRET);
  private final MockWebServer s3 = new MockWebServer();

  @AfterEach
  void stop() {
    stripe.close();
    paypal.close();
    s3.close();
  }

  private ResilienceConfig.Builder config() {
    return ResilienceConfig.builder()
        .breakerMinimumCalls(MINIMUM_CALLS)
        .breakerSlidingWindowSize(MINIMUM_CALLS)
        .breakerWaitInOpen(WAIT)
        .clock(clock)
        .sleeper(clock.sleeper())
        .probeExecutor(Runnable::run);
  }

  @Test
  void noCustomersChargeIsTheHalfOpenTrial() {
    PaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(
                StripePaymentGateway.builder()
                    .baseUrl(stripe.start().toString())
                    .apiKey(StripeSimulator.TEST_API_KEY)
                    .clock(clock)
                    .build(),
                ResiliencePolicy.of("stripe", config().build()))
            .add(
                PayPalPaymentGateway.builder()
                    .baseUrl(paypal.start().toString())
                    .clientId(CLIENT_ID)
                    .clientSecret(Secret.of(CLIENT_SECRET))
                    .clock(clock)
                    .build(),
                ResiliencePolicy.of("paypal", config().build()))
            .clock(clock)
            .build();
    stripe.failAlways(SimulatedFault.unavailable());

    int failed = 0;
    boolean movedOn = false;
    for (int i = 0; i < 40; i++) {
      try {
        Payment paid = gateway.charge(charge("outage-" + i));
        assertThat(paid.id().provider()).isEqualTo("paypal");
        movedOn = true;
      } catch (OutcomeUnknownException e) {
        assertThat(movedOn).as("no customer call fails once traffic moved").isFalse();
        failed++;
      }
    }
    assertThat(failed).isBetween(1, MINIMUM_CALLS);
    long chargesAtStripe = stripeCharges();

    clock.advance(WAIT);
    assertThat(gateway.charge(charge("probe-fails")).id().provider()).isEqualTo("paypal");
    assertThat(balanceReads()).as("the probe ran once the wait was over").isPositive();

    stripe.heal();
    clock.advance(WAIT);
    assertThat(gateway.charge(charge("probe-succeeds")).id().provider()).isEqualTo("paypal");
    assertThat(stripeCharges())
        .as("no customer charge reached Stripe while its breaker was open or half-open")
        .isEqualTo(chargesAtStripe);

    Payment back = gateway.charge(charge("back"));

    assertThat(back.id().provider()).isEqualTo("stripe");
    assertThat(stripeCharges()).isEqualTo(chargesAtStripe + 1);
    assertThat(((FailoverPaymentGateway) gateway).health().get(0).breakerState())
        .isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aThrottlingS3PrimaryIsHeldForEveryCallerUntilTheHoldEnds() throws Exception {
    AtomicBoolean slowDown = new AtomicBoolean(true);
    s3.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (slowDown.get()) {
              // S3 answers a HEAD's SlowDown with the status alone, as every HEAD error.
              return new MockResponse.Builder().code(503).build();
            }
            return new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Length", "5")
                .setHeader("ETag", "\"5d41402abc4b2a76b9719d911017c592\"")
                .setHeader("Last-Modified", "Mon, 01 Jun 2026 10:00:00 GMT")
                .build();
          }
        });
    s3.start();
    InMemoryBlobStore replica =
        InMemoryBlobStore.builder().provider("replica").clock(clock).build();
    replica.put("receipts/1.pdf", BlobContent.ofString("hello"), PutOptions.defaults());
    FailoverBlobStore store =
        FailoverBlobStore.builder()
            .add(
                S3BlobStore.builder()
                    .endpoint(s3.url("/").uri())
                    .bucket("receipts")
                    .region("eu-west-1")
                    .accessKeyId("AKIAFAKEHOLD")
                    .secretAccessKey(Secret.of("fake-hold-secret"))
                    .clock(clock)
                    .build(),
                ResiliencePolicy.of("s3", config().timeoutCall(Duration.ZERO).build()))
            .add(replica, ResiliencePolicy.of("replica", config().build()))
            .clock(clock)
            .build();

    for (int i = 0; i < 1_000; i++) {
      assertThat(store.stat("receipts/1.pdf")).isPresent();
    }
    assertThat(s3.getRequestCount()).as("only the first read reached S3").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 1_000; i++) {
      assertThat(store.stat("receipts/1.pdf")).isPresent();
    }
    assertThat(s3.getRequestCount()).as("one read once the hold ended, then 2 s more").isEqualTo(2);

    slowDown.set(false);
    clock.advance(Duration.ofSeconds(2));
    store.stat("receipts/1.pdf");
    store.stat("receipts/1.pdf");

    assertThat(s3.getRequestCount()).as("S3 serves every read again").isEqualTo(4);
  }

  private static ChargeRequest charge(String order) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(
            PaymentSource.token("stripe", "pm_card_visa")
                .orToken("paypal", PayPalSimulator.VAULT_OK))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  private long stripeCharges() {
    return stripe.requests().stream()
        .filter(r -> r.getMethod().equals("POST"))
        .filter(r -> r.getUrl().encodedPath().startsWith("/v1/payment_intents"))
        .count();
  }

  private long balanceReads() {
    return stripe.requests().stream()
        .filter(r -> r.getUrl().encodedPath().equals("/v1/balance"))
        .count();
  }
}
