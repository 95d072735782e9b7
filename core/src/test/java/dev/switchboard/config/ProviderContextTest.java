package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.HalfOpenTrial;
import dev.switchboard.resilience.ResilienceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderContextTest {
  private static final String PREFIX = "switchboard.payments.acme.";
  private static final URI DEFAULT_URL = URI.create("https://default.example.com");

  private static ProviderContext context(String... keyValues) {
    SwitchboardConfig.Builder builder = SwitchboardConfig.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.put(PREFIX + keyValues[i], keyValues[i + 1]);
    }
    return ProviderContext.create(builder.build(), Port.PAYMENTS, "acme");
  }

  @Test
  void scopesKeysToThePortAndProvider() {
    ProviderContext context = context("region", " eu ");
    assertThat(context.prefix()).isEqualTo(PREFIX);
    assertThat(context.key("region")).isEqualTo(PREFIX + "region");
    assertThat(context.provider()).isEqualTo("acme");
    assertThat(context.port()).isEqualTo(Port.PAYMENTS);
    assertThat(context.string("region")).isEqualTo("eu");
    assertThat(context.optionalString("absent")).isEmpty();
    assertThat(context).hasToString("ProviderContext[" + PREFIX + "]");
    assertThat(context.problems()).isEmpty();
  }

  @Test
  void aMissingRequiredStringIsAProblemAndAnsweredWithEmpty() {
    ProviderContext context = context("region", "  ");
    assertThat(context.string("region")).isEmpty();
    assertThat(context.problems())
        .containsExactly(
            new ConfigProblem(PREFIX + "region", "programmatic", "is required but not set"));
  }

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "0, PT0S",
    "PT30S, PT30S",
    "pt1m, PT1M",
    "10 S, PT10S"
  })
  void parsesDurations(String written, String expected) {
    ProviderContext context = context("timeout", written);
    assertThat(context.duration("timeout", Duration.ofSeconds(1)))
        .isEqualTo(Duration.parse(expected));
    assertThat(context.problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "30", "5x", "-5s", "PT-5S", "999999999999999d"})
  void recordsABadDurationAndAnswersTheDefault(String written) {
    ProviderContext context = context("timeout", written);
    assertThat(context.duration("timeout", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(context.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo(PREFIX + "timeout");
              assertThat(p.message()).contains("'" + written + "'");
            });
  }

  @Test
  void theDefaultIsUsedWhenNothingIsSet() {
    ProviderContext context = context();
    assertThat(context.duration("t", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(context.integer("n", 4)).isEqualTo(4);
    assertThat(context.longValue("l", 5L)).isEqualTo(5L);
    assertThat(context.bool("b", true)).isTrue();
    assertThat(context.url("u", DEFAULT_URL)).isEqualTo(DEFAULT_URL);
    assertThat(context.list("items")).isEmpty();
    assertThat(context.problems()).isEmpty();
  }

  @Test
  void parsesIntegersLongsBoolsAndLists() {
    ProviderContext context =
        context("n", "42", "l", "9000000000", "b", "FALSE", "items", " a, ,b ,c");
    assertThat(context.integer("n", 0)).isEqualTo(42);
    assertThat(context.longValue("l", 0)).isEqualTo(9_000_000_000L);
    assertThat(context.bool("b", true)).isFalse();
    assertThat(context.list("items")).containsExactly("a", "b", "c");
  }

  @Test
  void recordsEveryBadIntegerLongAndBool() {
    ProviderContext context = context("n", "4.5", "l", "many", "b", "yes");
    assertThat(context.integer("n", 1)).isEqualTo(1);
    assertThat(context.longValue("l", 2)).isEqualTo(2);
    assertThat(context.bool("b", true)).isTrue();
    assertThat(context.problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "must be an integer, was '4.5'",
            "must be an integer, was 'many'",
            "must be true or false, was 'yes'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.example.com",
        "http://127.0.0.1:9000",
        "http://127.1.2.3/x",
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://[::1]:4566",
        "http://[0:0:0:0:0:0:0:1]/"
      })
  void acceptsHttpsAndPlainHttpOnlyForLoopback(String url) {
    ProviderContext context = context("base-url", url);
    assertThat(context.url("base-url", DEFAULT_URL)).isEqualTo(URI.create(url));
    assertThat(context.problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.example.com",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://127.0.0.1.example.com",
        "http://[::2]",
        "http://localhost.example.com",
        "ftp://127.0.0.1"
      })
  void refusesPlainHttpForOtherHosts(String url) {
    ProviderContext context = context("base-url", url);
    assertThat(context.url("base-url", DEFAULT_URL)).isEqualTo(DEFAULT_URL);
    assertThat(context.problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p.message()).startsWith("must use https;").endsWith("'" + url + "'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"api.example.com", "/relative", "https://", "http://exa mple.com"})
  void refusesUrlsThatAreNotAbsolute(String url) {
    ProviderContext context = context("base-url", url);
    assertThat(context.url("base-url", DEFAULT_URL)).isEqualTo(DEFAULT_URL);
    assertThat(context.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("must be an absolute URL"));
  }

  @Test
  void refusesCredentialsInAUrlWithoutPrintingThem() {
    ProviderContext context = context("base-url", "https://user:sk_test_fake_123@api.example.com");
    context.url("base-url", DEFAULT_URL);
    assertThat(context.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("must not carry credentials")
                    .contains("https://***@api.example.com")
                    .doesNotContain("sk_test_fake_123"));
  }

  @Test
  void collectsTheSecretsItResolves() {
    ProviderContext context = context("api-key", "sk_test_fake_123", "webhook-secret", "whsec");
    Secret apiKey = context.secret("api-key");
    Secret webhook = context.secret("webhook-secret");
    assertThat(context.secrets()).containsExactly(apiKey, webhook);
    assertThat(apiKey.value()).isEqualTo("sk_test_fake_123");
  }

  @Test
  void anUnresolvableSecretIsAProblemAndAPlaceholder() {
    ProviderContext context = context("api-key", "${env:ABSENT}");
    Secret secret = context.secret("api-key");
    assertThat(secret.value()).isEmpty();
    assertThat(secret).hasToString("Secret[unresolved:" + PREFIX + "api-key]");
    assertThatThrownBy(context::throwIfProblems)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("environment variable ABSENT is not set");
  }

  @Test
  void aFactoryCanRecordItsOwnProblem() {
    ProviderContext context = context("region", "mars");
    context.problem("region", "must be eu or us, was 'mars'");
    assertThat(context.problems())
        .containsExactly(
            new ConfigProblem(PREFIX + "region", "programmatic", "must be eu or us, was 'mars'"));
    assertThatThrownBy(() -> context.problem("region", " "))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void parsesResilienceSettingsWithDefaults() {
    ProviderContext context =
        context(
            "retry.max-attempts", "5",
            "retry.base-delay", "100ms",
            "retry.max-delay", "2s",
            "retry.max-retry-after", "1m",
            "retry-budget.capacity", "50",
            "retry-budget.retry-cost", "2",
            "retry-budget.outcome-unknown-retry-cost", "4",
            "breaker.enabled", "false",
            "breaker.failure-rate-threshold", "25.5",
            "breaker.sliding-window-size", "40",
            "breaker.minimum-calls", "20",
            "breaker.wait-in-open", "PT10S",
            "breaker.half-open-calls", "2",
            "breaker.half-open-trial", "call",
            "rate-limit.limit-for-period", "100",
            "rate-limit.period", "2s",
            "rate-limit.max-wait", "50ms",
            "rate-limit.hold.base", "250ms",
            "rate-limit.hold.max", "0",
            "quota.reserve", "10",
            "quota.max-wait", "3s",
            "bulkhead.max-concurrent-calls", "8",
            "bulkhead.max-wait", "20ms",
            "timeout.call", "0");

    ResilienceConfig r = context.resilience();

    assertThat(context.problems()).isEmpty();
    assertThat(context.resilience()).isSameAs(r);
    assertThat(r.retryMaxAttempts()).isEqualTo(5);
    assertThat(r.retryBaseDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(r.retryMaxDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.retryMaxRetryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.retryBudgetCapacity()).isEqualTo(50);
    assertThat(r.retryBudgetRetryCost()).isEqualTo(2);
    assertThat(r.retryBudgetOutcomeUnknownRetryCost()).isEqualTo(4);
    assertThat(r.breakerEnabled()).isFalse();
    assertThat(r.breakerFailureRateThreshold()).isEqualTo(25.5f);
    assertThat(r.breakerSlidingWindowSize()).isEqualTo(40);
    assertThat(r.breakerMinimumCalls()).isEqualTo(20);
    assertThat(r.breakerWaitInOpen()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.breakerHalfOpenCalls()).isEqualTo(2);
    assertThat(r.breakerHalfOpenTrial()).isEqualTo(HalfOpenTrial.CALL);
    assertThat(r.rateLimitHoldBase()).isEqualTo(Duration.ofMillis(250));
    assertThat(r.rateLimitHoldMax()).isZero();
    assertThat(r.rateLimitLimitForPeriod()).isEqualTo(100);
    assertThat(r.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.rateLimitMaxWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(r.quotaReserve()).isEqualTo(10);
    assertThat(r.quotaMaxWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.bulkheadMaxConcurrentCalls()).isEqualTo(8);
    assertThat(r.bulkheadMaxWait()).isEqualTo(Duration.ofMillis(20));
    assertThat(r.timeoutCall()).isEqualTo(Duration.ZERO);
    assertThat(r.clock()).isSameAs(context.clock());
  }

  @Test
  void storageProvidersHaveNoWholeCallTimeoutUnlessOneIsSet() {
    SwitchboardConfig none = SwitchboardConfig.builder().build();
    SwitchboardConfig set =
        SwitchboardConfig.builder().put("switchboard.storage.blobs.timeout.call", "2s").build();

    assertThat(ProviderContext.create(none, Port.STORAGE, "blobs").resilience().timeoutCall())
        .isZero();
    assertThat(ProviderContext.create(none, Port.EMAIL, "mail").resilience().timeoutCall())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ProviderContext.create(set, Port.STORAGE, "blobs").resilience().timeoutCall())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theResilienceDefaultsApplyWhenNothingIsSet() {
    assertThat(context().resilience().toString())
        .isEqualTo(ResilienceConfig.builder().build().toString());
  }

  @Test
  void recordsEveryBadResilienceValueUnderItsFullKey() {
    ProviderContext context =
        context(
            "retry.max-attempts", "0",
            "breaker.failure-rate-threshold", "150",
            "breaker.wait-in-open", "soon",
            "quota.reserve", "-1",
            "bulkhead.max-concurrent-calls", "lots",
            "breaker.enabled", "maybe",
            "breaker.sliding-window-size", "NaN",
            "breaker.half-open-trial", "sometimes",
            "rate-limit.hold.max", "-1s");
    context.resilience();
    assertThat(context.problems())
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            PREFIX + "retry.max-attempts",
            PREFIX + "breaker.failure-rate-threshold",
            PREFIX + "breaker.wait-in-open",
            PREFIX + "quota.reserve",
            PREFIX + "bulkhead.max-concurrent-calls",
            PREFIX + "breaker.enabled",
            PREFIX + "breaker.sliding-window-size",
            PREFIX + "breaker.half-open-trial",
            PREFIX + "rate-limit.hold.max");
    assertThat(context.problems())
        .filteredOn(p -> p.key().endsWith("retry.max-attempts"))
        .extracting(ConfigProblem::message)
        .containsExactly("retry.max-attempts must be at least 1, was 0");
  }

  @Test
  void recordsAMaxDelayBelowTheBaseDelay() {
    ProviderContext context = context("retry.base-delay", "2s", "retry.max-delay", "1s");
    assertThat(context.resilience().retryMaxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(context.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.key()).isEqualTo(PREFIX + "retry.max-delay"));
  }

  @Test
  void recordsANonNumericThreshold() {
    ProviderContext context = context("breaker.failure-rate-threshold", "Infinity");
    context.resilience();
    assertThat(context.problems())
        .extracting(ConfigProblem::message)
        .containsExactly("must be a number, was 'Infinity'");
  }

  @Test
  void rejectsBadArgumentsNamingTheField() {
    SwitchboardConfig config = SwitchboardConfig.fromMap(Map.of());
    assertThatThrownBy(() -> ProviderContext.create(null, Port.EMAIL, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("config");
    assertThatThrownBy(() -> ProviderContext.create(config, null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ProviderContext.create(config, Port.EMAIL, "Acme.Mail"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("provider"));
    assertThatThrownBy(() -> context().key(""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("key"));
  }
}
