package dev.switchboard.payments.stripe.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** The adapter's graph: one per gateway, built from its {@link StripeSettings}. */
@Singleton
@Component(modules = StripeModule.class)
interface StripeComponent {
  StripeClient client();

  @Component.Factory
  interface Factory {
    StripeComponent create(@BindsInstance StripeSettings settings);
  }
}
