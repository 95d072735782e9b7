package dev.switchboard.inject;

import static dev.switchboard.internal.StubProviders.config;
import static dev.switchboard.internal.StubProviders.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dagger.BindsInstance;
import dagger.Component;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SwitchboardModule} in an application's own Dagger components. */
class SwitchboardModuleTest {
  private final Switchboard switchboard =
      Switchboard.fromConfig(
          config(
              """
              switchboard.payments.providers=acme-pay,backup-pay
              switchboard.payments.acme-pay.type=stub
              switchboard.payments.backup-pay.type=stub
              switchboard.email.providers=acme-mail
              switchboard.email.acme-mail.type=stub
              switchboard.storage.providers=acme-store
              switchboard.storage.acme-store.type=stub
              """),
          registry());

  /** What an application injects: the ports, never the facade or its configuration. */
  static final class Checkout {
    final PaymentGateway payments;
    final EmailSender email;
    final BlobStore receipts;

    @Inject
    Checkout(PaymentGateway payments, EmailSender email, BlobStore receipts) {
      this.payments = payments;
      this.email = email;
      this.receipts = receipts;
    }
  }

  @Component(modules = SwitchboardModule.class)
  interface Shop {
    Checkout checkout();

    @Component.Factory
    interface Factory {
      Shop create(@BindsInstance Switchboard switchboard);
    }
  }

  /** Many Dagger applications still scope with {@code javax.inject}; the module must fit them. */
  @javax.inject.Singleton
  @Component(modules = SwitchboardModule.class)
  interface JavaxScopedShop {
    EmailSender email();

    @Component.Factory
    interface Factory {
      JavaxScopedShop create(@BindsInstance Switchboard switchboard);
    }
  }

  @jakarta.inject.Singleton
  @Component(modules = SwitchboardModule.class)
  interface JakartaScopedShop {
    BlobStore storage();

    @Component.Factory
    interface Factory {
      JakartaScopedShop create(@BindsInstance Switchboard switchboard);
    }
  }

  @AfterEach
  void close() {
    switchboard.close();
  }

  @Test
  void injectsTheFacadesThreePortsIntoAnApplicationClass() {
    Checkout checkout = DaggerSwitchboardModuleTest_Shop.factory().create(switchboard).checkout();

    assertThat(checkout.payments).isSameAs(switchboard.payments());
    assertThat(checkout.email).isSameAs(switchboard.email());
    assertThat(checkout.receipts).isSameAs(switchboard.storage());
    assertThat(checkout.payments.provider()).isEqualTo("failover(acme-pay,backup-pay)");
  }

  @Test
  void fitsComponentsScopedWithEitherSingleton() {
    assertThat(DaggerSwitchboardModuleTest_JavaxScopedShop.factory().create(switchboard).email())
        .isSameAs(switchboard.email());
    assertThat(
            DaggerSwitchboardModuleTest_JakartaScopedShop.factory().create(switchboard).storage())
        .isSameAs(switchboard.storage());
  }

  @Test
  void anUnconfiguredPortFailsWhenTheGraphAsksForItNamingTheKey() {
    try (Switchboard emailOnly =
        Switchboard.fromConfig(
            config("switchboard.email.providers=acme-mail\nswitchboard.email.acme-mail.type=stub"),
            registry())) {
      Shop shop = DaggerSwitchboardModuleTest_Shop.factory().create(emailOnly);

      assertThatThrownBy(shop::checkout)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("switchboard.payments.providers");
    }
  }
}
