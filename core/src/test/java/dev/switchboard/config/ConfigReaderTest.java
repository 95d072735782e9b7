package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  @Test
  void valuesAreReadInCoresFormsAndAbsentKeysGiveTheDefault() {
    ConfigReader read =
        ConfigReader.of(
            SwitchboardConfig.fromMap(
                Map.of(
                    "x.threads", " 8 ",
                    "x.every", "1500ms",
                    "x.deadline", "2d",
                    "x.iso", "PT30S",
                    "x.on", "TRUE",
                    "x.bytes", "1048576")));

    assertThat(read.integer("x.threads", 4, 1)).isEqualTo(8);
    assertThat(read.positiveDuration("x.every", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
    assertThat(read.positiveDuration("x.deadline", Duration.ZERO)).isEqualTo(Duration.ofDays(2));
    assertThat(read.positiveDuration("x.iso", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(read.bool("x.on", false)).isTrue();
    assertThat(read.longValue("x.bytes", 0, 0)).isEqualTo(1_048_576L);
    assertThat(read.integer("x.absent", 4, 1)).isEqualTo(4);
    assertThat(read.optionalString("x.absent")).isEmpty();
    assertThat(read.optionalSecret("x.absent")).isEmpty();
    assertThat(read.problems()).isEmpty();
    read.throwIfProblems();
  }

  @Test
  void everyBadValueIsReportedAtOnceByKeyWithoutQuotingIt() {
    ConfigReader read =
        ConfigReader.of(
            SwitchboardConfig.fromMap(
                Map.of(
                    "x.threads", "0",
                    "x.every", "soon",
                    "x.zero", "0s",
                    "x.on", "sk_test_fake_pasted_here",
                    "x.bytes", "-1")));

    assertThat(read.integer("x.threads", 4, 1)).isEqualTo(4);
    assertThat(read.positiveDuration("x.every", Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(read.positiveDuration("x.zero", Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(read.bool("x.on", false)).isFalse();
    assertThat(read.longValue("x.bytes", 7, 0)).isEqualTo(7);

    assertThatThrownBy(read::throwIfProblems)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::key)
                    .containsExactlyInAnyOrder("x.threads", "x.every", "x.zero", "x.on", "x.bytes"))
        .hasMessageContaining("must be at least 1, was 0")
        .hasMessageContaining("must be longer than zero")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk_test_fake_pasted_here"));
  }

  @Test
  void stringsListsUrlsAndSecretsAreReadAsProviderSettingsAre() {
    ConfigReader read =
        ConfigReader.of(
            SwitchboardConfig.fromMap(
                Map.of(
                    "x.name", " acme ",
                    "x.hosts", "a.test, ,b.test",
                    "x.local", "http://127.0.0.1:8080/",
                    "x.remote", "http://api.example.com/",
                    "x.wait", "0",
                    "x.key", "whsec_fake_literal_from_code")));

    assertThat(read.string("x.name")).isEqualTo("acme");
    assertThat(read.list("x.hosts")).containsExactly("a.test", "b.test");
    assertThat(read.url("x.local", null)).isEqualTo(URI.create("http://127.0.0.1:8080/"));
    assertThat(read.duration("x.wait", null)).isEqualTo(Duration.ZERO);
    assertThat(read.duration("x.absent", null)).isNull();
    assertThat(read.secret("x.key").value()).isEqualTo("whsec_fake_literal_from_code");
    assertThat(read.problems()).isEmpty();

    assertThat(read.string("x.absent")).isEmpty();
    assertThat(read.url("x.remote", null)).isNull();
    read.secret("x.no-secret");
    assertThat(read.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("x.absent", "x.remote", "x.no-secret");
  }
}
