package dev.switchboard.inject;

import static dev.switchboard.internal.StubProviders.config;
import static dev.switchboard.internal.StubProviders.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import jakarta.inject.Provider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchboardProvidersTest {
  private final Switchboard switchboard =
      Switchboard.fromConfig(
          config(
              """
              switchboard.payments.providers=acme-pay
              switchboard.payments.acme-pay.type=stub
              switchboard.storage.providers=acme-store
              switchboard.storage.acme-store.type=stub
              """),
          registry());

  @AfterEach
  void close() {
    switchboard.close();
  }

  @Test
  void providesTheFacadesPorts() {
    assertThat(SwitchboardProviders.payments(switchboard).get()).isSameAs(switchboard.payments());
    assertThat(SwitchboardProviders.storage(switchboard).get()).isSameAs(switchboard.storage());
  }

  @Test
  void anUnconfiguredPortFailsOnlyWhenItIsWanted() {
    Provider<?> email = SwitchboardProviders.email(switchboard);

    assertThatThrownBy(email::get)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("switchboard.email.providers");
  }

  @Test
  void rejectsAMissingSwitchboardByName() {
    assertThatThrownBy(() -> SwitchboardProviders.payments(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("switchboard");
    assertThatThrownBy(() -> SwitchboardProviders.email(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SwitchboardProviders.storage(null))
        .isInstanceOf(NullPointerException.class);
  }
}
