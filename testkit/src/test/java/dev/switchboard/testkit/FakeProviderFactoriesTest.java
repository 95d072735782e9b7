package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ConfiguredPorts;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeProviderFactoriesTest {
  private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

  private static SwitchboardConfig config(Map<String, String> values) {
    return SwitchboardConfig.builder()
        .putAll(values)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  @Test
  void serviceLoaderFindsAFakeForEveryPort() {
    ProviderRegistry registry = ProviderRegistry.discover();
    for (Port port : Port.values()) {
      assertThat(registry.names(port)).as(port.key()).contains("fake");
    }
  }

  @Test
  void buildsAllThreePortsFromAFakeConfiguration() {
    ConfiguredPorts ports =
        ProviderRegistry.discover()
            .configure(
                config(
                    Map.of(
                        "switchboard.payments.providers", "fake",
                        "switchboard.payments.fake.seed", "42",
                        "switchboard.payments.fake.currencies", "EUR, USD",
                        "switchboard.email.providers", "fake",
                        "switchboard.email.fake.max-schedule-ahead", "24h",
                        "switchboard.storage.providers", "fake",
                        "switchboard.storage.fake.seed", "7")));

    PaymentGateway payments = ports.payments().orElseThrow().providers().get(0).instance();
    assertThat(payments).isInstanceOf(FakePaymentGateway.class);
    Payment payment =
        payments.charge(
            ChargeRequest.builder()
                .amount(Money.of("12.34", "EUR"))
                .source(((FakePaymentGateway) payments).source(FakePaymentGateway.TOKEN_SUCCEEDS))
                .build());
    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(payment.created()).isEqualTo(NOW);

    FakeEmailSender email =
        (FakeEmailSender) ports.email().orElseThrow().providers().get(0).instance();
    assertThatThrownBy(
            () ->
                email.send(
                    EmailMessage.builder()
                        .from("shop@example.com")
                        .to("ann@example.com")
                        .subject("Later")
                        .text("Hi")
                        .sendAt(NOW.plus(Duration.ofHours(25)))
                        .build()))
        .isInstanceOf(InvalidRequestException.class);

    BlobStore storage = ports.storage().orElseThrow().providers().get(0).instance();
    assertThat(storage).isInstanceOf(InMemoryBlobStore.class);
    storage.put(
        "receipts/1.txt",
        BlobContent.ofString("Total"),
        dev.switchboard.storage.PutOptions.defaults());
    assertThat(storage.stat("receipts/1.txt")).isPresent();
  }

  @Test
  void theFakeGatewayRefusesCurrenciesItWasNotConfiguredFor() {
    PaymentGateway payments =
        new FakePaymentGatewayFactory()
            .create(
                ProviderContext.create(
                    config(Map.of("switchboard.payments.fake.currencies", "EUR")),
                    Port.PAYMENTS,
                    "fake"));
    assertThatThrownBy(
            () ->
                payments.charge(
                    ChargeRequest.builder()
                        .amount(Money.of("1.00", "USD"))
                        .source(
                            ((FakePaymentGateway) payments)
                                .source(FakePaymentGateway.TOKEN_SUCCEEDS))
                        .build()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void reportsBadFakeSettingsTogether() {
    assertThatThrownBy(
            () ->
                ProviderRegistry.discover()
                    .configure(
                        config(
                            Map.of(
                                "switchboard.payments.providers", "fake",
                                "switchboard.payments.fake.seed", "lucky",
                                "switchboard.payments.fake.currencies", "EUR,XYZ",
                                "switchboard.email.providers", "fake",
                                "switchboard.email.fake.max-schedule-ahead", "-1h",
                                "switchboard.storage.providers", "fake",
                                "switchboard.storage.fake.seed", "1.5"))))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactly(
                        "switchboard.email.fake.max-schedule-ahead",
                        "switchboard.payments.fake.currencies",
                        "switchboard.payments.fake.seed",
                        "switchboard.storage.fake.seed"));
  }
}
