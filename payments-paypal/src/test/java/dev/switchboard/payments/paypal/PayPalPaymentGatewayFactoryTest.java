package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.FakePaymentGateway;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code paypal} factory, found by ServiceLoader, as an application configures it. */
class PayPalPaymentGatewayFactoryTest {
  private final TestClock clock = TestClock.start();
  private PayPalSimulator paypal;
  private Switchboard switchboard;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
  }

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    paypal.close();
  }

  private Switchboard fromConfig(Map<String, String> extra) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("switchboard.payments.providers", "paypal,fake");
    values.put("switchboard.payments.paypal.client-id", "client-id-fake");
    values.put("switchboard.payments.paypal.client-secret", "secret-fake");
    values.put("switchboard.payments.paypal.base-url", paypal.baseUrl().toString());
    values.put("switchboard.payments.paypal.retry.max-attempts", "1");
    values.put("switchboard.payments.paypal.timeout.call", "0");
    values.put("switchboard.payments.fake.timeout.call", "0");
    values.put("switchboard.email.providers", "fake");
    values.put("switchboard.storage.providers", "fake");
    values.putAll(extra);
    switchboard =
        Switchboard.fromConfig(
            SwitchboardConfig.builder().putAll(values).clock(clock).sleeper(d -> {}).build());
    return switchboard;
  }

  private static ChargeRequest charge(String order) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "EUR"))
        .source(
            PaymentSource.token("paypal", PayPalSimulator.VAULT_OK)
                .orToken("fake", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(order))
        .build();
  }

  @Test
  void payPalServesWhileUpAndTheFakeBackupTakesOverWhileItThrottles() {
    fromConfig(Map.of());

    Payment first = switchboard.payments().charge(charge("order-1"));
    assertThat(first.id().provider()).isEqualTo("paypal");
    assertThat(paypal.requests().get(1).getHeaders().get("PayPal-Request-Id")).isEqualTo("order-1");

    paypal.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(30)));
    Payment second = switchboard.payments().charge(charge("order-2"));

    assertThat(second.id().provider()).isEqualTo("fake");
  }

  @Test
  void aBadEnvironmentAndAMissingClientIdAreReportedTogether() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("switchboard.payments.paypal.environment", "production");
    bad.put("switchboard.payments.paypal.client-id", "");

    assertThatThrownBy(() -> fromConfig(bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.payments.paypal.environment")
        .hasMessageContaining("switchboard.payments.paypal.client-id")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-fake"));
  }

  @Test
  void theEnvironmentChoosesTheHostUnlessABaseUrlIsGiven() {
    assertThat(
            PayPalPaymentGateway.builder()
                .clientId("client-id-fake")
                .clientSecret(dev.switchboard.config.Secret.of("secret-fake"))
                .build()
                .toString())
        .contains("https://api-m.sandbox.paypal.com/");
    assertThat(
            PayPalPaymentGateway.builder()
                .clientId("client-id-fake")
                .clientSecret(dev.switchboard.config.Secret.of("secret-fake"))
                .environment(PayPalEnvironment.LIVE)
                .build()
                .toString())
        .contains("https://api-m.paypal.com/");
  }
}
