package dev.switchboard.email.sendgrid;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CoreKeys;
import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.Secret;
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

  /** {@code api-key}, a secret reference. */
  public static final ConfigKey<Secret> API_KEY =
      ConfigKey.secret("api-key", "the API key, a secret reference").required();

  /** {@code base-url}; EU regional subusers use {@code https://api.eu.sendgrid.com}. */
  public static final ConfigKey<URI> BASE_URL =
      ConfigKey.url(
          "base-url", URI.create(SendGridEmailSender.DEFAULT_BASE_URL), "SendGrid's API root");

  /** {@code sandbox}: SendGrid validates, answers 200 and sends nothing. */
  public static final ConfigKey<Boolean> SANDBOX =
      ConfigKey.bool("sandbox", false, "mail_settings.sandbox_mode: validate and send nothing");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        API_KEY,
        BASE_URL,
        SANDBOX,
        CoreKeys.CONNECT_TIMEOUT,
        CoreKeys.READ_TIMEOUT,
        CoreKeys.CALL_TIMEOUT);
  }

  @Override
  public EmailSender create(ProviderContext context) {
    return SendGridEmailSender.builder()
        .provider(context.provider())
        .baseUrl(context.get(BASE_URL).toString())
        .apiKey(context.get(API_KEY))
        .sandbox(context.get(SANDBOX))
        .clock(context.clock())
        .httpClients(context.httpClients())
        .quota(context.quota())
        .connectTimeout(context.get(CoreKeys.CONNECT_TIMEOUT))
        .readTimeout(context.get(CoreKeys.READ_TIMEOUT))
        .callTimeout(context.get(CoreKeys.CALL_TIMEOUT))
        .build();
  }
}
