package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 2xx answer whose values no clock can hold is an unparseable success body, an {@code
 * OutcomeUnknownException}, never a {@code java.time} error escaping the taxonomy.
 */
class StripeHostileAnswersTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private StripePaymentGateway gateway;

  @BeforeEach
  void start() {
    stripe.start();
    gateway =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private Payment charge(String key) {
    return gateway.charge(
        ChargeRequest.builder()
            .amount(Money.of("25.00", "EUR"))
            .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
            .idempotencyKey(IdempotencyKey.of(key))
            .build());
  }

  @ParameterizedTest(name = "created = {0}")
  @ValueSource(longs = {99_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE})
  void aPaymentIntentCreatedBeyondAnyClockIsAnUnknownOutcome(long created) {
    stripe.respondNextWith("created", created);

    OutcomeUnknownException unknown =
        catchThrowableOfType(OutcomeUnknownException.class, () -> charge("order-1"));

    assertThat(unknown.reason()).startsWith("unparseable success body").contains("created");
    assertThat(unknown.httpStatus()).hasValue(200);
    assertThat(unknown.requestSent()).isTrue();
  }

  @ParameterizedTest(name = "created = {0}")
  @ValueSource(longs = {99_999_999_999_999_999L, Long.MIN_VALUE})
  void aRefundCreatedBeyondAnyClockIsAnUnknownOutcome(long created) {
    Payment paid = charge("order-2");
    stripe.respondNextWith("created", created);

    OutcomeUnknownException unknown =
        catchThrowableOfType(
            OutcomeUnknownException.class, () -> gateway.refund(RefundRequest.full(paid.id())));

    assertThat(unknown.reason()).startsWith("unparseable success body").contains("created");
    assertThat(unknown.httpStatus()).hasValue(200);
  }
}
