package dev.switchboard.inject;

import dagger.Module;
import dagger.Provides;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobStore;

/**
 * For applications wired with Dagger: provides the {@link PaymentGateway}, {@link EmailSender} and
 * {@link BlobStore} of the {@link Switchboard} that the application's component binds.
 *
 * <pre>{@code
 * @Component(modules = SwitchboardModule.class)
 * interface ShopComponent {
 *   Checkout checkout();   // @Inject Checkout(PaymentGateway payments, EmailSender email)
 *
 *   @Component.Factory
 *   interface Factory {
 *     ShopComponent create(@BindsInstance Switchboard switchboard);
 *   }
 * }
 *
 * try (Switchboard switchboard = Switchboard.fromConfig(SwitchboardConfig.load())) {
 *   DaggerShopComponent.factory().create(switchboard).checkout().run();
 * }
 * }</pre>
 *
 * <p>The application builds the {@link Switchboard}, binds it, and closes it, because the facade
 * owns worker threads and only the application knows when it shuts down. The module itself holds
 * nothing and has no scope, so it fits a component of any scope, {@code javax.inject} or {@code
 * jakarta.inject}, and subcomponents.
 *
 * <p>Each port is the facade's own, already behind its providers' policies and failover. Asking for
 * a port the configuration does not name throws the facade's {@link ConfigurationException}, which
 * says which key is missing.
 *
 * <p>Applications that do not use Dagger call {@link Switchboard#fromConfig} and never see this
 * module; other {@code jakarta.inject} containers can use {@link SwitchboardProviders}.
 */
@Module
public final class SwitchboardModule {
  private SwitchboardModule() {}

  @Provides
  static PaymentGateway payments(Switchboard switchboard) {
    return switchboard.payments();
  }

  @Provides
  static EmailSender email(Switchboard switchboard) {
    return switchboard.email();
  }

  @Provides
  static BlobStore storage(Switchboard switchboard) {
    return switchboard.storage();
  }
}
