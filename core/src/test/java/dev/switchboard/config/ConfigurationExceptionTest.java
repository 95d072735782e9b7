package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
    // Nothing is glued to the last problem: the context stays available as data.
    assertThat(e.getMessage()).isEqualTo(e.reason());
    assertThat(e.operation()).hasValue("configure");
    assertThat(e.requestSent()).isFalse();
    assertThat(e.provider()).isEmpty();
  }

  @Test
  void aBadConfigurationFailsWithoutTheWiringsStackFrames() {
    SwitchboardConfig config =
        SwitchboardConfig.builder().put("switchboard.payments.providers", "no-such-vendor").build();

    Throwable thrown = catchThrowable(() -> dev.switchboard.Switchboard.fromConfig(config));

    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertThat(thrown.getStackTrace())
        .isNotEmpty()
        .noneMatch(f -> f.getClassName().contains("Dagger"))
        .noneMatch(f -> f.getClassName().contains("_Factory"))
        .noneMatch(f -> f.getClassName().startsWith("dagger."))
        .anyMatch(f -> f.getClassName().equals(getClass().getName()));
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
