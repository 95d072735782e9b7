package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StripePaymentGatewayFactoryTest {
  private final StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());

  @AfterEach
  void stop() {
    stripe.close();
  }

  private static ProviderContext context(Map<String, String> settings, String provider) {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(settings)
            .environment(Map.of("STRIPE_API_KEY", StripeSimulator.TEST_API_KEY))
            .discoverSecretSources(false)
            .build();
    return ProviderContext.create(config, Port.PAYMENTS, provider);
  }

  @Test
  void isRegisteredWithServiceLoaderAsStripe() {
    assertThat(ServiceLoader.load(PaymentGatewayFactory.class).stream())
        .extracting(p -> p.get().name())
        .contains("stripe");
  }

  @Test
  void buildsAGatewayFromTheDocumentedKeys() {
    stripe.start();
    ProviderContext context =
        context(
            Map.of(
                "switchboard.payments.eu.api-key", "${env:STRIPE_API_KEY}",
                "switchboard.payments.eu.base-url", stripe.baseUrl().toString(),
                "switchboard.payments.eu.api-version", "2025-08-27.basil",
                "switchboard.payments.eu.return-url", "https://shop.example/back",
                "switchboard.payments.eu.connect-timeout", "1s",
                "switchboard.payments.eu.read-timeout", "2s",
                "switchboard.payments.eu.call-timeout", "3s"),
            "eu");

    PaymentGateway gateway = new StripePaymentGatewayFactory().create(context);
    context.throwIfProblems();
    var payment =
        gateway.charge(
            ChargeRequest.builder()
                .amount(Money.of("9.00", "EUR"))
                .source(PaymentSource.token("eu", StripeSimulator.PM_AUTHENTICATION_REQUIRED))
                .build());

    assertThat(gateway.provider()).isEqualTo("eu");
    assertThat(payment.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(payment.nextActionUrl()).isPresent();
    var request = stripe.lastRequest().orElseThrow();
    assertThat(request.getHeaders().get("Stripe-Version")).isEqualTo("2025-08-27.basil");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StripeSimulator.TEST_API_KEY);
    assertThat(Forms.of(request)).containsEntry("return_url", "https://shop.example/back");
  }

  @Test
  void reportsEveryBadKeyAtOnceWithoutQuotingTheSecret() {
    ProviderContext context =
        context(
            Map.of(
                "switchboard.payments.stripe.base-url", "http://api.stripe.example",
                "switchboard.payments.stripe.api-version", "not a version",
                "switchboard.payments.stripe.read-timeout", "soon"),
            "stripe");

    new StripePaymentGatewayFactory().create(context);

    assertThatThrownBy(context::throwIfProblems)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.payments.stripe.api-key")
        .hasMessageContaining("switchboard.payments.stripe.base-url")
        .hasMessageContaining("switchboard.payments.stripe.api-version")
        .hasMessageContaining("switchboard.payments.stripe.read-timeout");
  }
}
