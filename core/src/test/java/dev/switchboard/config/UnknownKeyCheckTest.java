package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.payments.PaymentGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UnknownKeyCheckTest {
  static final ConfigKey<Secret> API_KEY =
      ConfigKey.secret("api-key", "the account's key").required();
  static final ConfigKey<URI> BASE_URL =
      ConfigKey.url("base-url", URI.create("https://api.acme.test"), "the API's root");
  static final ConfigKey<Integer> PAGE_SIZE =
      ConfigKey.integer("page-size", 20, "items per page").min(1);
  static final ConfigKey<String> MODE =
      ConfigKey.string("mode", "api", "api or offline").oneOf("api", "offline");

  /** A factory that declares its keys and reads them through the declarations. */
  static PaymentGatewayFactory declared(
      String name, Function<ProviderContext, PaymentGateway> create) {
    return new PaymentGatewayFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PaymentGateway create(ProviderContext context) {
        return create.apply(context);
      }

      @Override
      public ConfigKeys keys() {
        return ConfigKeys.of(API_KEY, BASE_URL, PAGE_SIZE, MODE);
      }
    };
  }

  static PaymentGatewayFactory declared(String name) {
    return declared(
        name,
        context -> {
          context.get(API_KEY);
          context.get(BASE_URL);
          context.get(PAGE_SIZE);
          context.get(MODE);
          return StubFactories.stub(PaymentGateway.class, name);
        });
  }

  private static ConfigurationException failure(ProviderRegistry registry, SwitchboardConfig c) {
    try {
      registry.configure(c);
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigurationException");
  }

  @Test
  void aTypoInAResilienceKeyIsAnErrorThatSuggestsTheKey() {
    ProviderRegistry registry = ProviderRegistry.builder().add(declared("acme-pay")).build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "acme-pay")
            .put("switchboard.payments.acme-pay.api-key", "sk_test_fake")
            .put("switchboard.payments.acme-pay.retry.max-attemps", "3")
            .build();

    ConfigurationException e = failure(registry, config);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0))
        .hasToString(
            "switchboard.payments.acme-pay.retry.max-attemps (programmatic): unknown key; did you"
                + " mean retry.max-attempts?");
  }

  @Test
  void aFactoryThatDeclaresNothingStillHasItsResilienceKeysChecked() {
    ProviderRegistry registry =
        ProviderRegistry.builder().add(StubFactories.payments("legacy")).build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "legacy")
            .put("switchboard.payments.legacy.breaker.wait-in-opn", "10s")
            .put("switchboard.payments.legacy.anything-of-its-own", "x")
            .build();

    ConfigurationException e = failure(registry, config);

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("switchboard.payments.legacy.breaker.wait-in-opn");
              assertThat(p.message()).endsWith("did you mean breaker.wait-in-open?");
            });
  }

  @Test
  void everyUnknownKeyIsReportedAtOnceWithTheValueNeverShown() {
    ProviderRegistry registry = ProviderRegistry.builder().add(declared("acme-pay")).build();
    Properties sysprops = new Properties();
    sysprops.setProperty("switchboard.state.ledger.retenion", "3d");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "acme-pay")
            .put("switchboard.payments.acme-pay.api-kee", "sk_test_fakefakefakefakefakefake")
            .put("switchboard.payments.acme-pay.api-key", "sk_test_fake")
            .put("switchboard.paymnts.providers", "acme-pay")
            .put("switchboard.email.stratgy", "weighted")
            .put("switchboard.telepathy.enabled", "true")
            .systemProperties(sysprops)
            .build();

    ConfigurationException e = failure(registry, config);

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "switchboard.email.providers (not set): must name at least one provider, as other"
                + " switchboard.email.* keys are set; known email providers: none (no email"
                + " provider factory is on the classpath)",
            "switchboard.email.stratgy (programmatic): unknown key; did you mean"
                + " switchboard.email.strategy?",
            "switchboard.payments.acme-pay.api-kee (programmatic): unknown key; did you mean"
                + " api-key?",
            "switchboard.paymnts.providers (programmatic): unknown key: no Switchboard module"
                + " reads switchboard.paymnts.*; did you mean switchboard.payments.providers?",
            "switchboard.state.ledger.retenion (sysprop switchboard.state.ledger.retenion):"
                + " unknown key; did you mean switchboard.state.ledger.retention?",
            "switchboard.telepathy.enabled (programmatic): unknown key: no Switchboard module"
                + " reads switchboard.telepathy.*");
    assertThat(e.getMessage()).doesNotContain("fakefake");
  }

  @Test
  void keysOfAModuleOrStoreThatIsNotOnTheClasspathAreNotChecked() {
    ProviderRegistry registry = ProviderRegistry.builder().add(declared("acme-pay")).build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "acme-pay")
            .put("switchboard.payments.acme-pay.api-key", "sk_test_fake")
            .put("switchboard.deferred.threds", "4")
            .put("switchboard.webhooks.path-prefx", "/hooks")
            .put("switchboard.state.redis.key-prefx", "app:")
            .build();

    assertThat(registry.configure(config)).isNotNull();
  }

  @Test
  void aKeySetOnTheClasspathMakesItsPrefixChecked() {
    ConfigKeyCatalog catalog =
        new ConfigKeyCatalog(
            Map.of(),
            Map.of(),
            Map.of(
                "switchboard.deferred.",
                new ConfigKeySet() {
                  @Override
                  public String prefix() {
                    return "switchboard.deferred.";
                  }

                  @Override
                  public ConfigKeys keys() {
                    return ConfigKeys.of(ConfigKey.integer("threads", 4, "worker threads"));
                  }
                }),
            Map.of());
    SwitchboardConfig config =
        SwitchboardConfig.fromMap(
            Map.of("switchboard.deferred.threds", "4", "switchboard.deferred.threads", "4"));

    assertThat(catalog.check(config))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "switchboard.deferred.threds (programmatic): unknown key; did you mean threads?");
  }

  @Test
  void environmentVariablesThatMatchNoKeyAreIgnoredAndOnesThatMatchAreRead() {
    ProviderRegistry registry = ProviderRegistry.builder().add(declared("acme-pay")).build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .environment(
                Map.of(
                    "SWITCHBOARD_PAYMENTS_PROVIDERS", "acme-pay",
                    "SWITCHBOARD_PAYMENTS_ACME_PAY_API_KEY", "sk_test_fake",
                    "SWITCHBOARD_PAYMENTS_ACME_PAY_PAGE_SIZE", "50",
                    "SWITCHBOARD_HOME", "/opt/switchboard"))
            .build();

    assertThat(registry.catalog().check(config)).isEmpty();
    assertThat(registry.configure(config).payments().orElseThrow()).isNotNull();
  }

  @Test
  void aProviderNamedOtherwiseIsCheckedAgainstTheFactoryItsTypeNames() {
    ProviderRegistry registry = ProviderRegistry.builder().add(declared("acme-pay")).build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "primary")
            .put("switchboard.payments.primary.type", "acme-pay")
            .put("switchboard.payments.primary.api-key", "sk_test_fake")
            .put("switchboard.payments.primary.page-sise", "5")
            .build();

    assertThat(failure(registry, config).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "switchboard.payments.primary.page-sise (programmatic): unknown key; did you mean"
                + " page-size?");
  }

  @Test
  void aFactoryThatReadsAKeyItDidNotDeclareIsAProblem() {
    ProviderRegistry registry =
        ProviderRegistry.builder()
            .add(
                declared(
                    "acme-pay",
                    context -> {
                      context.get(API_KEY);
                      context.duration("undeclared-timeout", Duration.ofSeconds(1));
                      return StubFactories.stub(PaymentGateway.class, "acme-pay");
                    }))
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.fromMap(
            Map.of(
                "switchboard.payments.providers", "acme-pay",
                "switchboard.payments.acme-pay.api-key", "sk_test_fake"));

    assertThat(failure(registry, config).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "switchboard.payments.acme-pay.undeclared-timeout (not set): is read by the payments"
                + " provider's factory but not declared in its keys()");
  }

  @Test
  void declaredKeysParseAndValidateTheirValues() {
    SwitchboardConfig config =
        SwitchboardConfig.fromMap(
            Map.of(
                "switchboard.payments.acme-pay.page-size", "0",
                "switchboard.payments.acme-pay.mode", "OFFLINE",
                "switchboard.payments.acme-pay.base-url", "http://api.acme.test"));
    ProviderContext context =
        ProviderContext.create(config, Port.PAYMENTS, "acme-pay", declared("acme-pay"));

    assertThat(context.get(PAGE_SIZE)).isEqualTo(20);
    assertThat(context.get(MODE)).isEqualTo("offline");
    assertThat(context.get(BASE_URL)).isEqualTo(URI.create("https://api.acme.test"));
    assertThat(context.find(API_KEY)).isEmpty();
    context.get(API_KEY);
    assertThat(context.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "switchboard.payments.acme-pay.page-size",
            "switchboard.payments.acme-pay.base-url",
            "switchboard.payments.acme-pay.api-key");
    assertThat(context.problems().get(0).message()).isEqualTo("must be at least 1, was 0");
  }

  @Test
  void aTextKeyWithChoicesRefusesOthers() {
    ProviderContext context =
        ProviderContext.create(
            SwitchboardConfig.fromMap(Map.of("switchboard.payments.acme-pay.mode", "hybrid")),
            Port.PAYMENTS,
            "acme-pay");

    assertThat(context.get(MODE)).isEqualTo("api");
    assertThat(context.problems())
        .extracting(ConfigProblem::message)
        .containsExactly("must be one of api, offline, was 'hybrid'");
  }

  @Test
  void declarationsAreCheckedWhenMade() {
    assertThatThrownBy(() -> ConfigKey.integer("Retry_Max", 3, "x"))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> ConfigKey.integer("retry.max", 3, " "))
        .hasMessageContaining("needs a description");
    assertThatThrownBy(() -> ConfigKeys.of(PAGE_SIZE, ConfigKey.integer("page-size", 1, "again")))
        .hasMessageContaining("declared twice");
    assertThat(ResilienceKeys.RETRY_BASE_DELAY.documentedDefault()).isEqualTo("500ms");
    assertThat(ResilienceKeys.TIMEOUT_CALL.documentedDefault()).isEqualTo("30s, storage 0");
    assertThat(API_KEY.documentedDefault()).isEqualTo("required");
    assertThat(API_KEY.isSecret()).isTrue();
  }

  @Test
  void suggestionsAreMadeOnlyForNearKeys() {
    assertThat(
            KeyCheck.suggest("retry.max-attemps", List.of("retry.max-attempts", "retry.max-delay")))
        .hasValue("retry.max-attempts");
    assertThat(KeyCheck.suggest("colour", List.of("retry.max-attempts"))).isEmpty();
    assertThat(KeyCheck.distance("kitten", "sitting")).isEqualTo(3);
  }
}
