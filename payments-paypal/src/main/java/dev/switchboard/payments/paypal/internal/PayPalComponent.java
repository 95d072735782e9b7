package dev.switchboard.payments.paypal.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** The graph of one PayPal gateway, built from its {@link PayPalSettings}. */
@Singleton
@Component(modules = PayPalModule.class)
interface PayPalComponent {
  PayPalOperations operations();

  @Component.Factory
  interface Factory {
    PayPalComponent create(@BindsInstance PayPalSettings settings);
  }
}
