package dev.switchboard.email.sendgrid;

import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.email.EmailSender;
import java.net.URI;

/**
 * Builds a {@link SendGridEmailSender} from configuration; registered with {@link
 * java.util.ServiceLoader} as {@code sendgrid}.
 *
 * <pre>
 * switchboard.email.providers=sendgrid
 * switchboard.email.sendgrid.api-key=${env:SENDGRID_API_KEY}      # required, a secret reference
 * switchboard.email.sendgrid.base-url=https://api.sendgrid.com    # default
 * switchboard.email.sendgrid.sandbox=false                        # default
 * switchboard.email.sendgrid.connect-timeout=5s                   # default: the HTTP layer's 5 s
 * switchboard.email.sendgrid.read-timeout=30s                     # default: the HTTP layer's 30 s
 * switchboard.email.sendgrid.call-timeout=60s                     # default: the HTTP layer's 60 s
 * </pre>
 *
 * <p>A provider of another name uses it with {@code switchboard.email.<name>.type=sendgrid}. The
 * sender's rate-limit headers feed the provider's policy ({@code quota.reserve}, {@code
 * quota.max-wait}).
 */
public final class SendGridEmailSenderFactory implements EmailSenderFactory {
  /** The factory's name, for {@code switchboard.email.providers} or {@code .type}. */
  public static final String NAME = "sendgrid";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EmailSender create(ProviderContext context) {
    return SendGridEmailSender.builder()
        .provider(context.provider())
        .baseUrl(
            context.url("base-url", URI.create(SendGridEmailSender.DEFAULT_BASE_URL)).toString())
        .apiKey(context.secret("api-key"))
        .sandbox(context.bool("sandbox", false))
        .clock(context.clock())
        .httpClients(context.httpClients())
        .quota(context.quota())
        .connectTimeout(context.duration("connect-timeout", null))
        .readTimeout(context.duration("read-timeout", null))
        .callTimeout(context.duration("call-timeout", null))
        .build();
  }
}
