package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.email.EmailSender;
import java.net.URI;
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

  @Override
  public EmailSender create(ProviderContext context) {
    MailgunEmailSender.Builder builder =
        MailgunEmailSender.builder()
            .provider(context.provider())
            .apiKey(context.secret("api-key"))
            .clock(context.clock())
            .httpClients(context.httpClients())
            .quota(context.quota())
            .maxScheduleAhead(
                context.duration("max-schedule-ahead", MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD))
            .unavailableMeansNotProcessed(context.bool("unavailable-means-not-processed", false))
            .connectTimeout(context.duration("connect-timeout", null))
            .readTimeout(context.duration("read-timeout", null))
            .writeTimeout(context.duration("write-timeout", null))
            .callTimeout(context.duration("call-timeout", null));
    builder.domain(domain(context));
    Optional<String> region = context.optionalString("region");
    if (region.isPresent()) {
      try {
        builder.region(MailgunRegion.of(region.get()));
      } catch (InvalidRequestException e) {
        context.problem("region", e.reason());
      }
    }
    URI baseUrl = context.url("base-url", null);
    if (baseUrl != null) {
      builder.baseUrl(baseUrl.toString());
    }
    return builder.build();
  }

  /** The configured domain, or a placeholder after recording why it is unusable. */
  private static String domain(ProviderContext context) {
    String domain = context.string("domain");
    if (domain.isEmpty()) {
      return PLACEHOLDER_DOMAIN;
    }
    try {
      MailgunEmailSender.builder().domain(domain);
      return domain;
    } catch (InvalidRequestException e) {
      context.problem("domain", e.reason());
      return PLACEHOLDER_DOMAIN;
    }
  }
}
