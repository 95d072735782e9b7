package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stripe adapter's non-blocking form against the simulator. */
class StripeNonBlockingTest {
  private final StripeSimulator stripe =
      new StripeSimulator(TestClock.at(Instant.parse("2026-03-01T12:00:00Z")));
  private StripePaymentGateway gateway;

  @BeforeEach
  void start() {
    stripe.start();
    gateway =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .build();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private static ChargeRequest charge(String paymentMethod) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(PaymentSource.token("stripe", paymentMethod))
        .build();
  }

  @Test
  void chargesLikeTheBlockingCall() throws Exception {
    Payment payment = gateway.async().charge(charge("pm_card_visa")).get(10, TimeUnit.SECONDS);

    assertThat(payment.status()).isEqualTo(gateway.charge(charge("pm_card_visa")).status());
    assertThat(payment.id().provider()).isEqualTo("stripe");
    assertThat(payment.vendorRequestId()).isPresent();
  }

  @Test
  void aDeclineFailsTheFutureWithTheBlockingCallsException() {
    CompletableFuture<Payment> declined = gateway.async().charge(charge("pm_card_chargeDeclined"));

    assertThatThrownBy(() -> Futures.join(declined)).isInstanceOf(PaymentDeclinedException.class);
    assertThatThrownBy(() -> gateway.charge(charge("pm_card_chargeDeclined")))
        .isInstanceOf(PaymentDeclinedException.class);
  }

  @Test
  void cancellingACallInFlightCancelsItAndReportsAnUnknownOutcome() throws Exception {
    stripe.failNext(1, SimulatedFault.hang());
    CompletableFuture<Payment> inFlight = gateway.async().charge(charge("pm_card_visa"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stripe.requests().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(inFlight.cancel(true)).isTrue();

    assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.reason()).startsWith("cancelled by the caller after the request");
              assertThat(e.idempotencyKey()).isPresent();
            });
  }

  @Test
  void aBadArgumentFailsTheFutureInsteadOfThrowing() {
    CompletableFuture<Payment> refused = gateway.async().charge(null);

    assertThatThrownBy(() -> Futures.join(refused)).isInstanceOf(NullPointerException.class);
  }
}
