package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CoreKeys;
import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.Secret;
import dev.switchboard.email.EmailSender;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds a {@link MailgunEmailSender} from configuration; registered with {@link
 * java.util.ServiceLoader} as {@code mailgun}.
 *
 * <pre>
 * switchboard.email.providers=mailgun,fake
 * switchboard.email.mailgun.api-key=${env:MAILGUN_API_KEY}      # required, a secret
 * switchboard.email.mailgun.domain=mg.example.com               # required
 * switchboard.email.mailgun.region=eu                           # us (default) or eu
 * switchboard.email.mailgun.base-url=http://127.0.0.1:8080/     # overrides the region
 * switchboard.email.mailgun.connect-timeout=2s                  # default 5 s
 * switchboard.email.mailgun.read-timeout=10s                    # default 30 s
 * switchboard.email.mailgun.write-timeout=30s                   # default 30 s
 * switchboard.email.mailgun.call-timeout=60s                    # default 60 s
 * switchboard.email.mailgun.max-schedule-ahead=7d               # default 3d
 * switchboard.email.mailgun.unavailable-means-not-processed=false   # default false
 * </pre>
 *
 * <p>A provider of another name takes {@code type=mailgun}: {@code
 * switchboard.email.mailgun-eu.type=mailgun}.
 */
public final class MailgunEmailSenderFactory implements EmailSenderFactory {
  /** The factory's name, for {@code switchboard.email.providers} or {@code type}. */
  public static final String NAME = MailgunEmailSender.DEFAULT_PROVIDER;

  private static final String PLACEHOLDER_DOMAIN = "invalid.example.com";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code api-key}, a secret reference. */
  public static final ConfigKey<Secret> API_KEY =
      ConfigKey.secret("api-key", "the API key, a secret reference").required();

  /** {@code domain}: the sending domain as Mailgun knows it. */
  public static final ConfigKey<String> DOMAIN =
      ConfigKey.string("domain", null, "the sending domain as Mailgun knows it").required();

  /** {@code region}: {@code us} or {@code eu}. */
  public static final ConfigKey<String> REGION =
      ConfigKey.string("region", "us", "us (api.mailgun.net) or eu (api.eu.mailgun.net)");

  /** {@code base-url}: overrides the region's. */
  public static final ConfigKey<URI> BASE_URL =
      ConfigKey.url("base-url", null, "overrides the region's API root")
          .defaultText("the region's");

  /** {@code max-schedule-ahead}: how far ahead {@code sendAt} may be. */
  public static final ConfigKey<Duration> MAX_SCHEDULE_AHEAD =
      ConfigKey.duration(
          "max-schedule-ahead",
          MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD,
          "how far ahead sendAt may be; 7d on plans that keep messages 7 days");

  /** {@code unavailable-means-not-processed}: treat a 503 as certainly not sent. */
  public static final ConfigKey<Boolean> UNAVAILABLE_MEANS_NOT_PROCESSED =
      ConfigKey.bool(
          "unavailable-means-not-processed",
          false,
          "treat a 503 as certainly not sent (ProviderUnavailableException)");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(
        API_KEY,
        DOMAIN,
        REGION,
        BASE_URL,
        MAX_SCHEDULE_AHEAD,
        UNAVAILABLE_MEANS_NOT_PROCESSED,
        CoreKeys.CONNECT_TIMEOUT,
        CoreKeys.READ_TIMEOUT,
        CoreKeys.WRITE_TIMEOUT,
        CoreKeys.CALL_TIMEOUT);
  }

  @Override
  public EmailSender create(ProviderContext context) {
    MailgunEmailSender.Builder builder =
        MailgunEmailSender.builder()
            .provider(context.provider())
            .apiKey(context.get(API_KEY))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .maxScheduleAhead(context.get(MAX_SCHEDULE_AHEAD))
            .unavailableMeansNotProcessed(context.get(UNAVAILABLE_MEANS_NOT_PROCESSED))
            .connectTimeout(context.get(CoreKeys.CONNECT_TIMEOUT))
            .readTimeout(context.get(CoreKeys.READ_TIMEOUT))
            .writeTimeout(context.get(CoreKeys.WRITE_TIMEOUT))
            .callTimeout(context.get(CoreKeys.CALL_TIMEOUT));
    builder.domain(domain(context));
    Optional<String> region = context.find(REGION);
    if (region.isPresent()) {
      try {
        builder.region(MailgunRegion.of(region.get()));
      } catch (InvalidRequestException e) {
        context.problem(REGION.name(), e.reason());
      }
    }
    URI baseUrl = context.get(BASE_URL);
    if (baseUrl != null) {
      builder.baseUrl(baseUrl.toString());
    }
    return builder.build();
  }

  /** The configured domain, or a placeholder after recording why it is unusable. */
  private static String domain(ProviderContext context) {
    String domain = context.get(DOMAIN);
    if (domain == null || domain.isEmpty()) {
      return PLACEHOLDER_DOMAIN;
    }
    try {
      MailgunEmailSender.builder().domain(domain);
      return domain;
    } catch (InvalidRequestException e) {
      context.problem(DOMAIN.name(), e.reason());
      return PLACEHOLDER_DOMAIN;
    }
  }
}
