package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationExceptionTest {
  @Test
  void listsEveryProblemOnItsOwnLineSortedByKey() {
    ConfigurationException e =
        new ConfigurationException(
            List.of(
                new ConfigProblem("switchboard.b", "env SWITCHBOARD_B", "is wrong"),
                new ConfigProblem("switchboard.a", "not set", "is required but not set")));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.a", "switchboard.b");
    assertThat(e.reason())
        .isEqualTo(
            "Invalid Switchboard configuration, 2 problems:\n"
                + "  switchboard.a (not set): is required but not set\n"
                + "  switchboard.b (env SWITCHBOARD_B): is wrong");
    assertThat(e.getMessage()).endsWith("[operation=configure]");
    assertThat(e.operation()).hasValue("configure");
    assertThat(e.requestSent()).isFalse();
    assertThat(e.provider()).isEmpty();
  }

  @Test
  void saysProblemInTheSingularForOne() {
    assertThat(new ConfigurationException(List.of(new ConfigProblem("k", "s", "m"))).reason())
        .startsWith("Invalid Switchboard configuration, 1 problem:");
  }

  @Test
  void needsAtLeastOneProblem() {
    assertThatThrownBy(() -> new ConfigurationException(List.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("problems"));
    assertThatThrownBy(() -> new ConfigurationException(null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aProblemNeedsKeySourceAndMessage() {
    assertThatThrownBy(() -> new ConfigProblem(null, "s", "m"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("key"));
    assertThatThrownBy(() -> new ConfigProblem("k", " ", "m"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("source"));
    assertThatThrownBy(() -> new ConfigProblem("k", "s", ""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("message"));
  }
}
