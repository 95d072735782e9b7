package dev.switchboard.email.sendgrid.internal;

import dagger.BindsInstance;
import dagger.Component;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Singleton;

/**
 * The Dagger graph of one SendGrid client, generated at compile time. Not for application code.
 *
 * <pre>{@code
 * SendGridClient client = DaggerSendGridGraph.factory().create(httpConfig, SendGridClient.Mode.LIVE).client();
 * }</pre>
 */
@Singleton
@Component(modules = SendGridModule.class)
public interface SendGridGraph {
  /** The client, with its own Retrofit service, mapper and executor. */
  SendGridClient client();

  /** Makes a graph from the vendor's HTTP settings and the send mode. */
  @Component.Factory
  interface Factory {
    SendGridGraph create(
        @BindsInstance VendorHttpConfig http, @BindsInstance SendGridClient.Mode mode);
  }
}
