package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.DistributionStrategy;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
  private static final String FAKE = "sk_test_fake_123";

  private final ProviderRegistry registry =
      ProviderRegistry.builder()
          .add(StubFactories.payments("first"))
          .add(StubFactories.payments("second"))
          .add(StubFactories.email("mail-a"))
          .add(StubFactories.email("mail-b"))
          .add(StubFactories.storage("store"))
          .build();

  private static SwitchboardConfig config(String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.fromMap(values);
  }

  private ConfigurationException failure(SwitchboardConfig config) {
    try {
      registry.configure(config);
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigurationException");
  }

  @Test
  void buildsTheConfiguredPortsInPriorityOrderWithDefaults() {
    ConfiguredPorts ports =
        registry.configure(
            config(
                "switchboard.payments.providers", " second , first ",
                "switchboard.email.providers", "mail-a"));

    PaymentsConfiguration payments = ports.payments().orElseThrow();
    assertThat(payments.providers())
        .extracting(ConfiguredProvider::name)
        .containsExactly("second", "first");
    assertThat(payments.providers().get(0).instance()).hasToString("stub:second");
    assertThat(payments.failoverDeclineCodes()).isEmpty();
    EmailConfiguration email = ports.email().orElseThrow();
    assertThat(email.strategy()).isEqualTo(DistributionStrategy.PRIORITY);
    assertThat(email.unknownOutcomeFailover()).isFalse();
    assertThat(email.weight("mail-a")).isEqualTo(1);
    assertThat(ports.storage()).isEmpty();
    assertThat(ports)
        .hasToString(
            "ConfiguredPorts{payments=[second, first], email=[mail-a], storage=-, state=memory}");
  }

  @Test
  void readsThePortLevelKeys() {
    ConfiguredPorts ports =
        registry.configure(
            config(
                "switchboard.payments.providers", "first",
                "switchboard.payments.failover-decline-codes", "processing_error, CARD-DECLINED",
                "switchboard.email.providers", "mail-a,mail-b",
                "switchboard.email.strategy", "Weighted",
                "switchboard.email.unknown-outcome-failover", "true",
                "switchboard.email.mail-b.weight", "3",
                "switchboard.storage.providers", "store",
                "switchboard.storage.write-failover", "true"));

    assertThat(ports.payments().orElseThrow().failoverDeclineCodes())
        .containsExactly(FailureCode.CARD_DECLINED, FailureCode.PROCESSING_ERROR);
    EmailConfiguration email = ports.email().orElseThrow();
    assertThat(email.strategy()).isEqualTo(DistributionStrategy.WEIGHTED);
    assertThat(email.unknownOutcomeFailover()).isTrue();
    assertThat(email.weights())
        .containsExactlyInAnyOrderEntriesOf(Map.of("mail-a", 1, "mail-b", 3));
    assertThat(ports.storage().orElseThrow().writeFailover()).isTrue();
    assertThat(DistributionStrategy.ROUND_ROBIN.configName()).isEqualTo("round-robin");
  }

  @Test
  void twoProvidersMayShareAFactoryThroughTheirType() {
    ConfiguredPorts ports =
        registry.configure(
            config(
                "switchboard.payments.providers", "primary,backup",
                "switchboard.payments.primary.type", "first",
                "switchboard.payments.backup.type", "first"));

    assertThat(ports.payments().orElseThrow().providers())
        .extracting(ConfiguredProvider::name)
        .containsExactly("primary", "backup");
  }

  @Test
  void anUnknownTypeIsReportedAtItsTypeKey() {
    ConfigurationException e =
        failure(
            config(
                "switchboard.payments.providers", "primary",
                "switchboard.payments.primary.type", "nope"));

    assertThat(e.problems())
        .containsExactly(
            new ConfigProblem(
                "switchboard.payments.primary.type",
                "programmatic",
                "unknown payments provider 'nope'; known payments providers: first, second"));
  }

  @Test
  void anUnknownProviderIsListedWithTheKnownOnes() {
    ConfigurationException e = failure(config("switchboard.payments.providers", "first,nope"));
    assertThat(e.problems())
        .containsExactly(
            new ConfigProblem(
                "switchboard.payments.providers",
                "programmatic",
                "unknown payments provider 'nope'; known payments providers: first, second"));
  }

  @Test
  void reportsEveryProblemOfEveryPortAtOnceSortedByKeyWithoutSecrets() {
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_PAYMENTS_SECOND_RETRY_MAX_ATTEMPTS", "many");
    ProviderRegistry withSecrets =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "first",
                    context -> {
                      context.secret("api-key");
                      context.url("base-url", URI.create("https://api.example.com"));
                      return StubFactories.stub(PaymentGateway.class, "first");
                    }))
            .add(StubFactories.payments("second"))
            .add(StubFactories.email("mail-a"))
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "first,second,first,Bad_Name")
            .put("switchboard.payments.first.base-url", "http://api.example.com")
            .put("switchboard.payments.first.breaker.wait-in-open", "forever")
            .put("switchboard.payments.failover-decline-codes", "CARD_DECLINED,SOMETIMES")
            .put("switchboard.email.providers", "mail-a")
            .put("switchboard.email.strategy", "fastest")
            .put("switchboard.email.mail-a.weight", "0")
            .put("switchboard.storage.bucket", "receipts")
            .environment(env)
            .build();

    ConfigurationException e;
    try {
      withSecrets.configure(config);
      throw new AssertionError("expected a ConfigurationException");
    } catch (ConfigurationException thrown) {
      e = thrown;
    }

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "switchboard.email.mail-a.weight",
            "switchboard.email.strategy",
            "switchboard.payments.failover-decline-codes",
            "switchboard.payments.first.api-key",
            "switchboard.payments.first.base-url",
            "switchboard.payments.first.breaker.wait-in-open",
            "switchboard.payments.providers",
            "switchboard.payments.providers",
            "switchboard.payments.second.retry.max-attempts",
            "switchboard.storage.bucket",
            "switchboard.storage.providers");
    assertThat(e.getMessage())
        .contains("'Bad_Name' is not a provider name")
        .contains("names provider 'first' twice")
        .contains("must be one of priority, round-robin, weighted, was 'fastest'")
        .contains("'SOMETIMES' is not a failure code; known codes: CARD_DECLINED,")
        .contains(
            "switchboard.payments.second.retry.max-attempts (env SWITCHBOARD_PAYMENTS_SECOND_RETRY_MAX_ATTEMPTS): must be an integer, was 'many'")
        .contains("switchboard.email.mail-a.weight (programmatic): must be at least 1, was 0")
        .contains(
            "switchboard.storage.providers (not set): must name at least one provider, as other"
                + " switchboard.storage.* keys are set; known storage providers: none (no storage"
                + " provider factory is on the classpath)");
    assertThat(e.getMessage().lines().count()).isEqualTo(12);
  }

  @Test
  void aCredentialRefusedByTheAdaptersBuilderIsReportedUnderItsFullKeyFromItsSource() {
    ProviderRegistry checking =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "first",
                    context -> {
                      CredentialCheck.create()
                          .secret("api-key", context.secret("api-key"))
                          .value("client-id", context.string("client-id"))
                          .throwIfProblems();
                      return StubFactories.stub(PaymentGateway.class, "first");
                    }))
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "first")
            .put("switchboard.payments.first.client-id", "id\u0001fake")
            .environment(Map.of("SWITCHBOARD_PAYMENTS_FIRST_API_KEY", "sk_test_fake 1"))
            .build();

    assertThatThrownBy(() -> checking.configure(config))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new ConfigProblem(
                            "switchboard.payments.first.api-key",
                            "env SWITCHBOARD_PAYMENTS_FIRST_API_KEY",
                            "contains whitespace at character 13 of 14"),
                        new ConfigProblem(
                            "switchboard.payments.first.client-id",
                            "programmatic",
                            "contains a control character at character 3 of 7")))
        .hasMessageNotContaining("fake");
  }

  @Test
  void anUnresolvedSecretIsReportedOnceNotAgainAsEmpty() {
    ProviderRegistry checking =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "first",
                    context -> {
                      CredentialCheck.create()
                          .secret("api-key", context.secret("api-key"))
                          .throwIfProblems();
                      return StubFactories.stub(PaymentGateway.class, "first");
                    }))
            .build();

    assertThatThrownBy(
            () ->
                checking.configure(
                    config(
                        "switchboard.payments.providers", "first",
                        "switchboard.payments.first.api-key", "${env:ABSENT}")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::message)
                    .containsExactly("environment variable ABSENT is not set"));
  }

  @Test
  void aLiteralSecretInAFileNeverReachesTheMessage() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("switchboard", ".properties");
    try {
      java.nio.file.Files.writeString(
          file,
          "switchboard.payments.providers=first\nswitchboard.payments.first.api-key="
              + FAKE
              + "\n");
      ProviderRegistry reading =
          ProviderRegistry.builder()
              .add(
                  StubFactories.payments(
                      "first",
                      context -> {
                        context.secret("api-key");
                        return StubFactories.stub(PaymentGateway.class, "first");
                      }))
              .build();
      SwitchboardConfig config = SwitchboardConfig.load(file);
      assertThatThrownBy(() -> reading.configure(config))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("switchboard.payments.first.api-key (file " + file + ")")
          .hasMessageNotContaining(FAKE);
      assertThat(config.toString()).doesNotContain(FAKE);
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void wiresTheSecretsIntoTheAuthenticationFailureHook() {
    Map<String, String> env = new HashMap<>();
    env.put("PAY_KEY", FAKE);
    ProviderRegistry reading =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "first",
                    context -> {
                      context.secret("api-key");
                      return StubFactories.stub(PaymentGateway.class, "first");
                    }))
            .build();
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "first")
            .put("switchboard.payments.first.api-key", "${env:PAY_KEY}")
            .environment(env)
            .build();

    ConfiguredProvider<PaymentGateway> provider =
        reading.configure(config).payments().orElseThrow().providers().get(0);
    Secret secret = provider.secrets().get(0);
    env.put("PAY_KEY", "sk_test_rotated_456");
    provider
        .resilience()
        .onAuthenticationFailure()
        .orElseThrow()
        .onAuthenticationFailure(new AuthenticationException("401", ErrorContext.empty()));

    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
    assertThat(provider.toString()).doesNotContain(FAKE).doesNotContain("sk_test_rotated_456");

    env.put("PAY_KEY", "third");
    provider.authenticationFailureHook().onAuthenticationFailure(null);
    assertThat(secret.value()).isEqualTo("third");
  }

  @Test
  void aProviderWithoutSecretsGetsNoHook() {
    ConfiguredProvider<PaymentGateway> provider =
        registry
            .configure(config("switchboard.payments.providers", "first"))
            .payments()
            .orElseThrow()
            .providers()
            .get(0);
    assertThat(provider.resilience().onAuthenticationFailure()).isEmpty();
    assertThat(provider.secrets()).isEmpty();
  }

  @Test
  void aFailingFactoryIsReportedWithoutItsMessage() {
    ProviderRegistry failing =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "boom",
                    context -> {
                      throw new IllegalStateException(FAKE);
                    }))
            .add(
                StubFactories.payments(
                    "picky",
                    context -> {
                      throw InvalidRequestException.invalidField("region", "region is unknown");
                    }))
            .add(
                StubFactories.payments(
                    "down",
                    context -> {
                      throw new ProviderUnavailableException("cannot reach", ErrorContext.empty());
                    }))
            .add(StubFactories.payments("nothing", context -> null))
            .build();

    assertThatThrownBy(
            () ->
                failing.configure(
                    config("switchboard.payments.providers", "boom,picky,down,nothing")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.key() + ": " + p.message())
                    .containsExactly(
                        "switchboard.payments.boom: "
                            + "dev.switchboard.config.StubFactories$1 failed with"
                            + " java.lang.IllegalStateException",
                        "switchboard.payments.down: cannot reach",
                        "switchboard.payments.nothing: "
                            + "dev.switchboard.config.StubFactories$1 built nothing (null)",
                        "switchboard.payments.picky.region: region is unknown"))
        .hasMessageNotContaining(FAKE);
  }

  @Test
  void anEmptyProviderListIsAProblem() {
    assertThat(failure(config("switchboard.payments.providers", " , ")).problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "must name at least one provider; known payments providers: first, second");
  }

  @Test
  void discoversFactoriesAndReportsDuplicateNamesOnlyWhenThePortIsUsed() {
    ProviderRegistry discovered = ProviderRegistry.discover();
    assertThat(discovered.names(Port.STORAGE)).containsExactly("dup");
    assertThat(discovered.configure(config()).storage()).isEmpty();

    assertThatThrownBy(() -> discovered.configure(config("switchboard.storage.providers", "dup")))
        .hasMessageContaining(
            "provider 'dup' is registered twice, by dev.switchboard.config.DuplicateStoreFactoryOne"
                + " and dev.switchboard.config.DuplicateStoreFactoryTwo; remove one of the jars");
  }

  @Test
  void anAddedFactoryReplacesADiscoveredOne() {
    ProviderRegistry replaced =
        ProviderRegistry.builder().discover().add(StubFactories.storage("dup")).build();
    assertThat(
            replaced
                .configure(config("switchboard.storage.providers", "dup"))
                .storage()
                .orElseThrow()
                .providers()
                .get(0)
                .instance())
        .hasToString("stub:dup");
    assertThat(replaced.toString())
        .isEqualTo("ProviderRegistry{payments=[], email=[], storage=[dup]}");
  }

  @Test
  void rejectsBadRegistrations() {
    ProviderRegistry.Builder builder = ProviderRegistry.builder().add(StubFactories.payments("a"));
    assertThatThrownBy(() -> builder.add(StubFactories.payments("a")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("factory"))
        .hasMessageContaining("a payments factory named 'a' was added already");
    assertThatThrownBy(() -> builder.add(StubFactories.email("Not Valid")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> builder.add((BlobStoreFactory) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.discover(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.configure(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.names(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theConfigurationRecordsCheckTheirArguments() {
    assertThatThrownBy(() -> new PaymentsConfiguration(List.of(), java.util.Set.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("providers"));
    ConfiguredProvider<dev.switchboard.email.EmailSender> mail =
        new ConfiguredProvider<>(
            "m",
            StubFactories.stub(dev.switchboard.email.EmailSender.class, "m"),
            dev.switchboard.resilience.ResilienceConfig.builder().build(),
            List.of());
    assertThatThrownBy(
            () ->
                new EmailConfiguration(
                    List.of(mail, mail), DistributionStrategy.PRIORITY, false, Map.of("m", 1)))
        .hasMessageContaining("providers names 'm' twice");
    assertThatThrownBy(
            () ->
                new EmailConfiguration(
                    List.of(mail), DistributionStrategy.PRIORITY, false, Map.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("weights"));
    assertThatThrownBy(() -> new EmailConfiguration(List.of(mail), null, false, Map.of("m", 1)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new StorageConfiguration(null, false))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                new ConfiguredProvider<>(
                    "x",
                    null,
                    dev.switchboard.resilience.ResilienceConfig.builder().build(),
                    List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("instance == null");
  }
}
