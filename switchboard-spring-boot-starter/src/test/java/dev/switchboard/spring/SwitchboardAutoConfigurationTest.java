package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SecretSource;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.ValueOrigin;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.telemetry.SwitchboardMetrics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The auto-configuration in small contexts without a web server: relaxed names, YAML lists,
 * references, failures, back-off and shutdown. The testkit's {@code fake} providers stand in for
 * vendors.
 */
class SwitchboardAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SwitchboardAutoConfiguration.class,
                  SwitchboardHealthAutoConfiguration.class,
                  SwitchboardMetricsAutoConfiguration.class,
                  SwitchboardWebhooksAutoConfiguration.class));

  @Test
  void environmentVariablesInSpringsRelaxedFormConfigureThePort() {
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "systemEnvironment-test",
                            Map.of(
                                "SWITCHBOARD_PAYMENTS_PROVIDERS", "fake",
                                "SWITCHBOARD_PAYMENTS_FAKE_RETRY_MAX_ATTEMPTS", "2"))))
        .run(
            context -> {
              assertThat(context).hasSingleBean(PaymentGateway.class);
              assertThat(context).doesNotHaveBean(EmailSender.class);
              assertThat(context).doesNotHaveBean(BlobStore.class);
              assertThat(context.getBean(AsyncPaymentGateway.class))
                  .isSameAs(context.getBean(PaymentGateway.class).async());
              assertThat(context).doesNotHaveBean(AsyncEmailSender.class);
              assertThat(context).doesNotHaveBean(AsyncBlobStore.class);
              SwitchboardConfig config = context.getBean(SwitchboardConfig.class);
              assertThat(config.get("switchboard.payments.fake.retry.max-attempts")).contains("2");
              assertThat(config.origin("switchboard.payments.providers"))
                  .contains(
                      new ValueOrigin(ValueOrigin.Kind.ENV, "SWITCHBOARD_PAYMENTS_PROVIDERS"));
              assertThat(context).hasBean("switchboardPaymentsHealthIndicator");
              assertThat(context).hasSingleBean(SwitchboardMetrics.class);
            });
  }

  @Test
  void aYamlListNamesTheProvidersInOrder() {
    runner
        .withInitializer(context -> addYaml(context.getEnvironment(), "starter/email-list.yml"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(EmailSender.class);
              SwitchboardConfig config = context.getBean(SwitchboardConfig.class);
              assertThat(config.get("switchboard.email.providers")).contains("primary,backup");
              assertThat(context.getBean(Switchboard.class).health().get("email"))
                  .extracting(h -> h.provider())
                  .containsExactly("primary", "backup");
            });
  }

  @Test
  void aSecretReferenceReachesSwitchboardUnresolvedAndIsReadThroughItsScheme() {
    runner
        .withPropertyValues(
            "switchboard.payments.providers=fake",
            "switchboard.payments.fake.api-key=${env:PATH}",
            "app.vendors=fake",
            "switchboard.storage.providers=${app.vendors}")
        .run(
            context -> {
              SwitchboardConfig config = context.getBean(SwitchboardConfig.class);
              assertThat(config.get("switchboard.payments.fake.api-key")).contains("${env:PATH}");
              assertThat(config.secret("switchboard.payments.fake.api-key").value())
                  .isEqualTo(System.getenv("PATH").strip());
              // Any other placeholder is Spring's, resolved by Spring.
              assertThat(config.get("switchboard.storage.providers")).contains("fake");
              assertThat(context).hasSingleBean(BlobStore.class);
            });
  }

  @Test
  void aSecretSourceBeanAddsASchemeWhoseReferencesAreLeftToIt() {
    SecretSource vault =
        new SecretSource() {
          @Override
          public String scheme() {
            return "vault";
          }

          @Override
          public Optional<String> read(String reference) {
            return reference.equals("payments/key")
                ? Optional.of("from-the-vault")
                : Optional.empty();
          }
        };
    runner
        .withBean(SecretSource.class, () -> vault)
        .withPropertyValues(
            "switchboard.payments.providers=fake",
            "switchboard.payments.fake.api-key=${vault:payments/key}")
        .run(
            context -> {
              SwitchboardConfig config = context.getBean(SwitchboardConfig.class);
              assertThat(config.get("switchboard.payments.fake.api-key"))
                  .contains("${vault:payments/key}");
              assertThat(config.secret("switchboard.payments.fake.api-key").value())
                  .isEqualTo("from-the-vault");
            });
  }

  @Test
  void aLiteralSecretInAConfigurationFileIsRefusedWithoutShowingIt() {
    runner
        .withInitializer(context -> addYaml(context.getEnvironment(), "starter/literal-secret.yml"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable cause = rootCause(context.getStartupFailure());
              assertThat(cause)
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessageContaining("switchboard.payments.stripe.api-key")
                  .hasMessageContaining("(classpath starter/literal-secret.yml line 6)")
                  .hasMessageContaining("must be a secret reference")
                  .hasMessageNotContaining("sk_test_fake_literal_in_a_file");
            });
  }

  @Test
  void aBadValueFailsTheStartNamingItsKeyInSwitchboardsSpelling() {
    runner
        .withPropertyValues(
            "switchboard.payments.providers=fake",
            "switchboard.payments.fake.retry.maxAttempts=three")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootCause(context.getStartupFailure()))
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessageContaining("switchboard.payments.fake.retry.max-attempts")
                  .hasMessageContaining("must be an integer");
            });
  }

  @Test
  void anUnresolvablePlaceholderFailsTheStartNamingTheKey() {
    runner
        .withPropertyValues(
            "switchboard.payments.providers=fake",
            "switchboard.payments.fake.seed=${app.no-such-seed}")
        .run(
            context -> {
              assertThat(context).hasFailed();
              ConfigurationException failure =
                  (ConfigurationException) rootCause(context.getStartupFailure());
              assertThat(failure.problems())
                  .extracting(p -> p.key())
                  .containsExactly("switchboard.payments.fake.seed");
              assertThat(failure).hasMessageContaining("names no property");
            });
  }

  @Test
  void aReferenceWithAMisspeltSchemeIsReportedNotTakenAsASpringDefault() {
    runner
        .withPropertyValues(
            "switchboard.payments.providers=stripe",
            "switchboard.payments.stripe.api-key=${vault-typo:payments/key}")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootCause(context.getStartupFailure()))
                  .isInstanceOf(ConfigurationException.class)
                  .hasMessageContaining("switchboard.payments.stripe.api-key")
                  .hasMessageContaining("unknown secret scheme 'vault-typo'");
            });
  }

  @Test
  void closingTheContextClosesSwitchboard() {
    PaymentGateway[] kept = new PaymentGateway[1];
    runner
        .withPropertyValues("switchboard.payments.providers=fake")
        .run(
            context -> {
              kept[0] = context.getBean(PaymentGateway.class);
              assertThat(kept[0].charge(charge("before-close")).id().provider()).isEqualTo("fake");
            });
    assertThatThrownBy(() -> kept[0].charge(charge("after-close")))
        .isInstanceOf(dev.switchboard.SwitchboardException.class);
  }

  @Test
  void theApplicationsOwnBeansWin() {
    PaymentGateway mine =
        (PaymentGateway)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PaymentGateway.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "equals" -> proxy == args[0];
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "toString" -> "the application's gateway";
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    runner
        .withPropertyValues("switchboard.payments.providers=fake")
        .withBean("myGateway", PaymentGateway.class, () -> mine)
        .run(
            context -> {
              assertThat(context).getBean(PaymentGateway.class).isSameAs(mine);
              assertThat(context).hasSingleBean(Switchboard.class);
            });
  }

  @Test
  void withoutSpringBootsHealthModuleThereAreNoIndicators() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .withPropertyValues("switchboard.payments.providers=fake")
        .run(
            context -> {
              assertThat(context).hasSingleBean(PaymentGateway.class);
              assertThat(context).doesNotHaveBean("switchboardPaymentsHealthIndicator");
            });
  }

  @Test
  void theIndicatorsCanBeTurnedOffAsSpringsOwnAre() {
    runner
        .withPropertyValues(
            "switchboard.payments.providers=fake", "management.health.switchboard.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(PaymentGateway.class);
              assertThat(context).doesNotHaveBean("switchboardPaymentsHealthIndicator");
            });
  }

  @Test
  void withoutProvidersNoPortBeanAndNoWebhookReceiver() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Switchboard.class);
          assertThat(context).doesNotHaveBean(PaymentGateway.class);
          assertThat(context).doesNotHaveBean("switchboardWebhookServlet");
        });
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("1.00", "EUR"))
        .source(PaymentSource.token("fake", "tok_ok"))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static void addYaml(
      org.springframework.core.env.ConfigurableEnvironment environment, String resource) {
    try {
      List<PropertySource<?>> loaded =
          new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource));
      loaded.forEach(environment.getPropertySources()::addFirst);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
