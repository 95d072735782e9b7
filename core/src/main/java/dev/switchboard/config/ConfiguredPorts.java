package dev.switchboard.config;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ProviderRegistry#configure} built: each port that the configuration names providers
 * for. A port without {@code switchboard.<port>.providers} (and no other key under it) is absent.
 *
 * <pre>{@code
 * ConfiguredPorts ports = ProviderRegistry.discover().configure(SwitchboardConfig.load());
 * ports.email().ifPresent(email -> ...);
 * }</pre>
 */
public final class ConfiguredPorts {
  private final PaymentsConfiguration payments;
  private final EmailConfiguration email;
  private final StorageConfiguration storage;
  private final StateConfiguration state;

  ConfiguredPorts(
      PaymentsConfiguration payments,
      EmailConfiguration email,
      StorageConfiguration storage,
      StateConfiguration state) {
    this.payments = payments;
    this.email = email;
    this.storage = storage;
    this.state = state;
  }

  /** The state store and its settings ({@code switchboard.state.*}); memory by default. */
  public StateConfiguration state() {
    return state;
  }

  public Optional<PaymentsConfiguration> payments() {
    return Optional.ofNullable(payments);
  }

  public Optional<EmailConfiguration> email() {
    return Optional.ofNullable(email);
  }

  public Optional<StorageConfiguration> storage() {
    return Optional.ofNullable(storage);
  }

  /** The configured ports and their providers' names, such as {@code payments=[acme, backup]}. */
  @Override
  public String toString() {
    return "ConfiguredPorts{payments="
        + (payments == null ? "-" : names(payments.providers()))
        + ", email="
        + (email == null ? "-" : names(email.providers()))
        + ", storage="
        + (storage == null ? "-" : names(storage.providers()))
        + ", state="
        + state.store().name()
        + "}";
  }

  private static String names(List<? extends ConfiguredProvider<?>> providers) {
    return providers.stream().map(ConfiguredProvider::name).toList().toString();
  }
}
