package dev.switchboard.email.mailgun.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** Builds one {@link MailgunSender} from its settings; one graph per adapter instance. */
@Singleton
@Component(modules = MailgunModule.class)
interface MailgunComponent {
  MailgunSender sender();

  @Component.Factory
  interface Factory {
    MailgunComponent create(@BindsInstance MailgunSettings settings);
  }
}
