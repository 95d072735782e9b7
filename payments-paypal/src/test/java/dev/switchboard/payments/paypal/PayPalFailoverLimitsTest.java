package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real PayPal adapter, on its simulator, as the backup of a failover composite: a charge whose
 * metadata PayPal cannot keep in {@code custom_id} never reaches PayPal.
 */
class PayPalFailoverLimitsTest {
  private final TestClock clock = TestClock.start();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
  private final FakePaymentGateway primary =
      FakePaymentGateway.builder().provider("primary").clock(clock).seed(7).build();
  private PayPalSimulator paypal;
  private FailoverPaymentGateway gateway;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
    PayPalPaymentGateway backup =
        PayPalPaymentGateway.builder()
            .baseUrl(paypal.baseUrl().toString())
            .clientId("client-id-fake")
            .clientSecret(Secret.of("secret-fake"))
            .clock(clock)
            .build();
    gateway =
        FailoverPaymentGateway.builder()
            .add(primary, policy("primary"))
            .add(backup, policy("paypal"))
            .listener(events::add)
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private ResiliencePolicy policy(String provider) {
    return ResiliencePolicy.of(
        provider, ResilienceConfig.builder().retryMaxAttempts(1).clock(clock).build());
  }

  private static ChargeRequest charge(PaymentSource source, String metadata, String key) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "USD"))
        .source(source)
        .putMetadata("order", metadata)
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static PaymentSource both() {
    return PaymentSource.token("primary", FakePaymentGateway.TOKEN_SUCCEEDS)
        .orToken("paypal", PayPalSimulator.VAULT_OK);
  }

  @Test
  void paypalIsSkippedForMetadataItCannotKeepWhileThePrimaryIsDown() {
    primary.failures().goDown();

    assertThatThrownBy(() -> gateway.charge(charge(both(), "o".repeat(120), "order-1")))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class, e -> assertThat(e.causes()).hasSize(1))
        .hasMessageNotContaining("paypal threw");

    assertThat(paypal.requests()).isEmpty();
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderSkipped.class,
            skipped -> {
              assertThat(skipped.provider()).isEqualTo("paypal");
              assertThat(skipped.reason().field()).contains("metadata");
            });
  }

  @Test
  void paypalServesMetadataItCanKeepWhileThePrimaryIsDown() {
    primary.failures().goDown();

    assertThat(gateway.charge(charge(both(), "o".repeat(100), "order-2")).id().provider())
        .isEqualTo("paypal");
  }

  @Test
  void whenOneProviderDoesNotSupportTheChargeAndTheOtherRefusesItsLimitsTheRefusalIsThrown() {
    PaymentSource paypalOnly = PaymentSource.token("paypal", PayPalSimulator.VAULT_OK);

    assertThatThrownBy(() -> gateway.charge(charge(paypalOnly, "o".repeat(120), "order-3")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("metadata");
              assertThat(e.reason()).contains("paypal allows at most 127");
            });

    assertThat(primary.payments()).isEmpty();
    assertThat(paypal.requests()).isEmpty();
  }
}
