package dev.switchboard.payments.paypal.internal.webhook;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** The webhook verifier's graph: one per verifier. */
@Singleton
@Component(modules = WebhookModule.class)
interface WebhookComponent {
  WebhookPipeline pipeline();

  @Component.Factory
  interface Factory {
    WebhookComponent create(@BindsInstance WebhookSettings settings);
  }
}
