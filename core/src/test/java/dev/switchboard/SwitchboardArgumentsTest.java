package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardArgumentsTest {
  @Test
  void missingArgumentsAreTypedErrorsNamingTheArgument() {
    assertThatThrownBy(() -> Switchboard.fromConfig(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("config");
    assertThatThrownBy(() -> Switchboard.fromConfig(SwitchboardConfig.fromMap(Map.of()), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");

    try (Switchboard empty =
        Switchboard.fromConfig(
            SwitchboardConfig.fromMap(Map.of()), ProviderRegistry.builder().build())) {
      assertThatThrownBy(() -> empty.addFailoverListener(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("listener");
      assertThatThrownBy(() -> empty.addResilienceListener(null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
