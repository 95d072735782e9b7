package dev.switchboard.inject;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobStore;
import jakarta.inject.Provider;
import java.util.Objects;

/**
 * The facade's ports as {@code jakarta.inject.Provider}s, for containers other than Dagger that
 * accept them, such as Guice 7. Each provider asks the facade when it is called, so a port the
 * configuration does not name throws {@link ConfigurationException} only when it is wanted.
 *
 * <pre>{@code
 * Switchboard switchboard = Switchboard.fromConfig(SwitchboardConfig.load());
 * bind(PaymentGateway.class).toProvider(SwitchboardProviders.payments(switchboard)); // Guice
 * }</pre>
 */
public final class SwitchboardProviders {
  private SwitchboardProviders() {}

  /** Provides {@link Switchboard#payments()}. */
  public static Provider<PaymentGateway> payments(Switchboard switchboard) {
    return checked(switchboard)::payments;
  }

  /** Provides {@link Switchboard#email()}. */
  public static Provider<EmailSender> email(Switchboard switchboard) {
    return checked(switchboard)::email;
  }

  /** Provides {@link Switchboard#storage()}. */
  public static Provider<BlobStore> storage(Switchboard switchboard) {
    return checked(switchboard)::storage;
  }

  private static Switchboard checked(Switchboard switchboard) {
    Objects.requireNonNull(switchboard, "switchboard == null");
    return switchboard;
  }
}
