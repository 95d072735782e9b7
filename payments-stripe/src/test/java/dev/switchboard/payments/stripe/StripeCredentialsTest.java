package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key that cannot be sent is refused when the gateway is built, under its configuration key; one
 * that turns bad after a rotation fails as this provider's authentication, not as the caller's
 * request.
 */
class StripeCredentialsTest {
  private static final String KEY_NAME = "switchboard.payments.stripe.api-key";
  private static final String FAKE = StripeSimulator.TEST_API_KEY;

  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void stop() {
    stripe.close();
  }

  private SwitchboardConfig config() {
    return SwitchboardConfig.builder()
        .put("switchboard.payments.providers", "stripe")
        .put(KEY_NAME, "${env:STRIPE_API_KEY}")
        .put("switchboard.payments.stripe.base-url", stripe.start().toString())
        .environment(env)
        .discoverSecretSources(false)
        .clock(clock)
        .sleeper(clock.sleeper())
        .build();
  }

  @Test
  void aKeyWithTheTrailingLineBreakOfAMountedSecretIsUsedWithoutIt() {
    env.put("STRIPE_API_KEY", FAKE + "\n");
    var gateway = ProviderRegistry.discover().configure(config()).payments().orElseThrow();

    var payment =
        gateway
            .providers()
            .get(0)
            .instance()
            .charge(charge(StripeSimulator.PM_SUCCEEDS, "order-1"));

    assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(stripe.lastRequest().orElseThrow().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + FAKE);
  }

  @Test
  void aKeyThatCannotBeSentIsAConfigurationProblemNamingTheFullKeyAndNotTheValue() {
    env.put("STRIPE_API_KEY", "sk_test_fake_with space");

    assertThatThrownBy(() -> ProviderRegistry.discover().configure(config()))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key, ConfigProblem::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(KEY_NAME, "programmatic")))
        .hasMessageContaining("whitespace")
        .hasMessageNotContaining("with space");
  }

  @Test
  void theBuilderRefusesAMalformedKeyAndAcceptsEveryKeyShapeStripeIssues() {
    assertThatThrownBy(
            () -> StripePaymentGateway.builder().apiKey(Secret.of(FAKE + "\u0007")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("api-key")
        .hasMessageContaining("control character")
        .hasMessageNotContaining(FAKE);

    for (String key : new String[] {"sk_test_fake_1", "sk_" + "live_fake_2", "rk_test_fake_3"}) {
      assertThat(StripePaymentGateway.builder().apiKey(key).build()).isNotNull();
    }
  }

  @Test
  void aKeyRotatedIntoOneThatCannotBeSentIsThisProvidersAuthenticationFailure() {
    env.put("STRIPE_API_KEY", FAKE);
    var ports = ProviderRegistry.discover().configure(config());
    var gateway = ports.payments().orElseThrow().providers().get(0).instance();
    env.put("STRIPE_API_KEY", FAKE + "\u0000x");
    clock.advance(Secret.DEFAULT_TTL);

    assertThatThrownBy(() -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, "order-2")))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.provider()).contains("stripe");
              assertThat(e.requestSent()).isFalse();
            })
        .isNotInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining(FAKE);
    assertThat(stripe.requests()).isEmpty();
  }

  private static ChargeRequest charge(String paymentMethod, String key) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "EUR"))
        .source(PaymentSource.token("stripe", paymentMethod))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }
}
