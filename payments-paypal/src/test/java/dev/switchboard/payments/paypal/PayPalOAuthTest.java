package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SecretSource;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth2 client credentials: caching, expiry, one refresh at a time, 401 handling, rotation. */
class PayPalOAuthTest {
  private final TestClock clock = TestClock.start();
  private final AtomicReference<String> vault = new AtomicReference<>("secret-fake");
  private final SecretSource source =
      new SecretSource() {
        @Override
        public String scheme() {
          return "test";
        }

        @Override
        public Optional<String> read(String reference) {
          return Optional.of(vault.get());
        }
      };
  private PayPalSimulator paypal;
  private PayPalPaymentGateway gateway;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
    gateway =
        PayPalPaymentGateway.builder()
            .baseUrl(paypal.baseUrl().toString())
            .clientId("client-id-fake")
            .clientSecret(Secret.read(source, "PAYPAL_SECRET", clock, Duration.ofHours(1)))
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private static ChargeRequest charge() {
    return ChargeRequest.builder()
        .amount(Money.of("50.00", "EUR"))
        .source(PaymentSource.token("paypal", PayPalSimulator.VAULT_OK))
        .build();
  }

  private List<String> paths() {
    List<String> paths = new ArrayList<>();
    for (RecordedRequest r : paypal.requests()) {
      paths.add(r.getMethod() + " " + r.getUrl().encodedPath());
    }
    return paths;
  }

  @Test
  void oneTokenServesEveryCallWhileItIsFresh() {
    Payment paid = gateway.charge(charge());
    gateway.get(paid.id());
    gateway.charge(charge());

    assertThat(paypal.tokenRequests()).isEqualTo(1);
  }

  @Test
  void aNewTokenIsFetchedShortlyBeforeTheOldOneExpires() {
    paypal.tokenLifetime(Duration.ofHours(1));
    Payment paid = gateway.charge(charge());

    clock.advance(Duration.ofMinutes(54));
    gateway.get(paid.id());
    assertThat(paypal.tokenRequests()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    gateway.get(paid.id());
    assertThat(paypal.tokenRequests()).isEqualTo(2);
  }

  @Test
  void manyThreadsAskingAtOnceCauseOneTokenRequest() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Payment>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return gateway.charge(charge());
                }));
      }
      go.countDown();
      for (Future<Payment> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).status()).isEqualTo(PaymentStatus.SUCCEEDED);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(paypal.tokenRequests()).isEqualTo(1);
  }

  @Test
  void aRejectedTokenIsReplacedOnceAndTheCallSentAgain() {
    Payment paid = gateway.charge(charge());
    paypal.revokeAccessTokens();

    Payment fetched = gateway.get(paid.id());

    assertThat(fetched.id()).isEqualTo(paid.id());
    assertThat(paypal.tokenRequests()).isEqualTo(2);
    List<String> paths = paths();
    assertThat(paths.subList(paths.size() - 3, paths.size()))
        .containsExactly(
            "GET /v2/checkout/orders/" + paid.id().value(),
            "POST /v1/oauth2/token",
            "GET /v2/checkout/orders/" + paid.id().value());
  }

  @Test
  void aSecondRejectionIsAnAuthenticationExceptionAfterExactlyOneRetry() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      for (int i = 0; i < 2; i++) {
        server.enqueue(
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"A21AA-" + i + "\",\"expires_in\":32400}")
                .build());
        server.enqueue(
            new MockResponse.Builder()
                .code(401)
                .setHeader("Content-Type", "application/json")
                .setHeader("Paypal-Debug-Id", "dbg-" + i)
                .body("{\"error\":\"invalid_token\",\"error_description\":\"Token expired\"}")
                .build());
      }
      PayPalPaymentGateway strict =
          PayPalPaymentGateway.builder()
              .baseUrl(server.url("/").toString())
              .clientId("client-id-fake")
              .clientSecret(Secret.of("secret-fake"))
              .clock(clock)
              .build();

      assertThatThrownBy(
              () -> strict.get(dev.switchboard.payments.PaymentId.of("paypal", "ORDER1")))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.httpStatus()).hasValue(401);
                assertThat(e.vendorRequestId()).contains("dbg-1");
              });
      assertThat(server.getRequestCount()).isEqualTo(4);
      assertThat(server.takeRequest().getHeaders().get("Authorization")).startsWith("Basic ");
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer A21AA-0");
      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/oauth2/token");
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer A21AA-1");
    }
  }

  @Test
  void aRotatedSecretIsReadAgainOnceTheTokenEndpointRefusesTheOldOne() {
    Payment paid = gateway.charge(charge());
    paypal.rotateClientSecret("secret-fake-2");
    vault.set("secret-fake-2");
    paypal.revokeAccessTokens();

    assertThatThrownBy(() -> gateway.get(paid.id()))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.requestSent()).isFalse());

    assertThat(gateway.get(paid.id()).id()).isEqualTo(paid.id());
    assertThat(paypal.tokenRequests()).isEqualTo(3);
  }
}
