package dev.switchboard.payments.paypal;

import static dev.switchboard.payments.paypal.PayPalRequestsTest.AUTHORIZED;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.CAPTURED;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.EUR_50;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.VOIDED;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.answer;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.order;
import static dev.switchboard.payments.paypal.PayPalRequestsTest.tokenFirst;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PayPal's own guarantees through {@link PayPalPaymentGateway#async()}: multi-step operations
 * chained on OkHttp's answers, PayPal's errors and debug ids as the blocking calls give them.
 */
class PayPalNonBlockingTest {
  private final TestClock clock = TestClock.start();
  private PayPalSimulator paypal;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private PayPalPaymentGateway gatewayAt(String baseUrl) {
    return PayPalPaymentGateway.builder()
        .baseUrl(baseUrl)
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .clock(clock)
        .build();
  }

  private PayPalPaymentGateway simulated() {
    return gatewayAt(paypal.baseUrl().toString());
  }

  private static ChargeRequest charge(String vaultId) {
    return ChargeRequest.builder()
        .amount(Money.of("50.00", "EUR"))
        .source(PaymentSource.token("paypal", vaultId))
        .build();
  }

  /** The failure the future completed with, as the blocking call would throw it. */
  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the future succeeded");
  }

  /**
   * Starts {@code call} against a server that answered only the token, checks that it returned
   * before PayPal answered, then lets PayPal answer with {@code answers} and waits. Returns the
   * result and the name of the thread that completed the future.
   */
  private static <T> Completed<T> whileUnanswered(
      MockWebServer server, CompletableFuture<T> call, MockResponse... answers) throws Exception {
    assertThat(call).as("returned before PayPal answered").isNotDone();
    AtomicReference<String> completer = new AtomicReference<>();
    CompletableFuture<T> observed =
        call.whenComplete((result, failure) -> completer.set(Thread.currentThread().getName()));
    for (MockResponse answer : answers) {
      server.enqueue(answer);
    }
    T result = observed.get(10, SECONDS);
    return new Completed<>(result, completer.get());
  }

  private record Completed<T>(T result, String thread) {}

  private static String path(RecordedRequest request) {
    return request.getUrl().encodedPath();
  }

  @Test
  void aTwoStepChargeChainsTheCaptureOnTheOrdersAnswerAndCompletesOnOkHttpsThread()
      throws Exception {
    try (MockWebServer server = tokenFirst()) {
      IdempotencyKey key = IdempotencyKey.of("order-42-charge");
      CompletableFuture<Payment> charged =
          gatewayAt(server.url("/").toString())
              .async()
              .charge(charge(PayPalSimulator.VAULT_OK).toBuilder().idempotencyKey(key).build());

      Completed<Payment> done =
          whileUnanswered(
              server,
              charged,
              answer(201, order("CAPTURE", "APPROVED", "{}"), "dbg-create"),
              answer(201, order("CAPTURE", "COMPLETED", CAPTURED), "dbg-capture"));

      assertThat(done.result().status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(done.result().vendorRequestId()).contains("dbg-capture");
      assertThat(done.thread()).isNotEqualTo(Thread.currentThread().getName()).startsWith("OkHttp");
      assertThat(path(server.takeRequest())).isEqualTo("/v1/oauth2/token");
      RecordedRequest create = server.takeRequest();
      assertThat(path(create)).isEqualTo("/v2/checkout/orders");
      assertThat(create.getHeaders().get("PayPal-Request-Id")).isEqualTo(key.value());
      RecordedRequest capture = server.takeRequest();
      assertThat(path(capture)).isEqualTo("/v2/checkout/orders/O1/capture");
      assertThat(capture.getHeaders().get("PayPal-Request-Id"))
          .isEqualTo(key.derive("paypal-order-capture").value());
    }
  }

  @Test
  void aCaptureQuotesTheDebugIdOfTheCaptureNotOfTheReadsAroundIt() throws Exception {
    try (MockWebServer server = tokenFirst()) {
      CompletableFuture<Payment> captured =
          gatewayAt(server.url("/").toString())
              .async()
              .capture(CaptureRequest.full(PaymentId.of("paypal", "O1")));

      Completed<Payment> done =
          whileUnanswered(
              server,
              captured,
              answer(200, order("AUTHORIZE", "COMPLETED", AUTHORIZED), "dbg-read"),
              answer(
                  201,
                  "{\"id\":\"CAP1\",\"status\":\"COMPLETED\",\"amount\":" + EUR_50 + "}",
                  "dbg-capture"),
              answer(200, order("AUTHORIZE", "COMPLETED", CAPTURED), "dbg-read-after"));

      assertThat(done.result().status()).isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(done.result().vendorRequestId()).contains("dbg-capture");
      assertThat(done.thread()).isNotEqualTo(Thread.currentThread().getName());
      server.takeRequest();
      assertThat(List.of(server.takeRequest(), server.takeRequest(), server.takeRequest()))
          .extracting(PayPalNonBlockingTest::path)
          .containsExactly(
              "/v2/checkout/orders/O1",
              "/v2/payments/authorizations/AUTH1/capture",
              "/v2/checkout/orders/O1");
    }
  }

  @Test
  void aCancelQuotesTheDebugIdOfTheBodilessVoid() throws Exception {
    try (MockWebServer server = tokenFirst()) {
      CompletableFuture<Payment> canceled =
          gatewayAt(server.url("/").toString())
              .async()
              .cancel(CancelRequest.of(PaymentId.of("paypal", "O1")));

      Completed<Payment> done =
          whileUnanswered(
              server,
              canceled,
              answer(200, order("AUTHORIZE", "COMPLETED", AUTHORIZED), "dbg-read"),
              answer(204, null, "dbg-void"),
              answer(200, order("AUTHORIZE", "VOIDED", VOIDED), "dbg-read-after"));

      assertThat(done.result().status()).isEqualTo(PaymentStatus.CANCELED);
      assertThat(done.result().vendorRequestId()).contains("dbg-void");
    }
  }

  @Test
  void aRefusedChargeFailsTheFutureWithTheBlockingCallsExceptionAndTheDebugIdHeader()
      throws Exception {
    try (MockWebServer server = tokenFirst()) {
      server.enqueue(declined("dbg-blocking"));
      server.enqueue(declined("dbg-async"));
      PayPalPaymentGateway gateway = gatewayAt(server.url("/").toString());

      Throwable blocking = catchThrowable(() -> gateway.charge(charge(PayPalSimulator.VAULT_OK)));
      Throwable async = failureOf(gateway.async().charge(charge(PayPalSimulator.VAULT_OK)));

      assertThat(async).isExactlyInstanceOf(blocking.getClass());
      assertThat(List.of(blocking, async))
          .allSatisfy(
              failure -> {
                PaymentDeclinedException e = (PaymentDeclinedException) failure;
                assertThat(e.failure().code()).isEqualTo(FailureCode.CARD_DECLINED);
                assertThat(e.vendorCode()).contains("INSTRUMENT_DECLINED");
                assertThat(e.httpStatus()).hasValue(422);
              });
      assertThat(((PaymentDeclinedException) blocking).vendorRequestId()).contains("dbg-blocking");
      assertThat(((PaymentDeclinedException) async).vendorRequestId()).contains("dbg-async");
    }
  }

  private static MockResponse declined(String debugId) {
    return answer(
        422,
        "{\"name\":\"UNPROCESSABLE_ENTITY\",\"debug_id\":\"body-debug\",\"details\":"
            + "[{\"issue\":\"INSTRUMENT_DECLINED\",\"description\":\"Declined\"}]}",
        debugId);
  }

  @Test
  void aServerErrorOnTheSecondStepIsAnUnknownOutcomeNamingTheOrderAndARetryCompletesIt()
      throws Exception {
    paypal.completeVaultOrdersOnCreate(false);
    AsyncPaymentGateway gateway = simulated().async();
    ChargeRequest request = charge(PayPalSimulator.VAULT_OK);
    paypal.failNext(1, SimulatedFault.serverError(), r -> path(r).endsWith("/capture"));

    Throwable lost = failureOf(gateway.charge(request));

    assertThat(lost)
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.requestSent()).isTrue();
              assertThat(e.getMessage()).contains("PayPal order ").contains(" exists");
            });
    Payment paid = gateway.charge(request).get(10, SECONDS);
    assertThat(lost.getMessage()).contains("PayPal order " + paid.id().value() + " exists");
    assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(paypal.orderCount()).isEqualTo(1);
    assertThat(paypal.orderStatus(paid.id().value())).contains("COMPLETED");
  }

  @Test
  void aTokenEndpointOutageFailsTheFutureAsNotSent() throws Exception {
    paypal.failNext(1, SimulatedFault.serverError());

    Throwable failure = failureOf(simulated().async().charge(charge(PayPalSimulator.VAULT_OK)));

    assertThat(failure)
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(paypal.requests())
        .extracting(PayPalNonBlockingTest::path)
        .containsExactly("/v1/oauth2/token");
  }

  @Test
  void anotherProvidersPaymentFailsTheFutureWhereTheBlockingCallThrows() throws Exception {
    PayPalPaymentGateway gateway = simulated();
    CaptureRequest foreign = CaptureRequest.full(PaymentId.of("stripe", "pi_1"));

    CompletableFuture<Payment> captured = gateway.async().capture(foreign);

    assertThat(captured).isCompletedExceptionally();
    assertThat(failureOf(captured))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).contains("paymentId.provider"));
    assertThatThrownBy(() -> gateway.capture(foreign)).isInstanceOf(InvalidRequestException.class);
    assertThat(paypal.requests()).isEmpty();
  }
}
