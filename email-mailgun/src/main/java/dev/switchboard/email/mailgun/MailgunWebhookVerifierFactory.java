package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifierContext;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.time.Duration;

/**
 * Builds a {@link MailgunWebhookVerifier} from configuration; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}, and used through {@link
 * dev.switchboard.webhooks.WebhookVerifiers}.
 *
 * <pre>
 * switchboard.webhooks.mailgun.secret=${env:MAILGUN_WEBHOOK_SIGNING_KEY}   # required
 * switchboard.webhooks.mailgun.tolerance=15m                              # default 15 minutes
 * </pre>
 *
 * <p>{@code secret} is the HTTP webhook signing key from Mailgun's control panel, not the API key.
 * Each signed token is accepted once, through the replay guard the receiver hands in for {@code
 * webhooks-<provider>-tokens} (such as {@code switchboard::replayGuard}, shared by every instance
 * on the state store); without one, through a guard in this process's memory that remembers tokens
 * for twice the tolerance, as the builder's default does. A provider with another name selects this
 * factory with {@code switchboard.webhooks.<name>.type=mailgun}.
 */
public final class MailgunWebhookVerifierFactory implements WebhookVerifierFactory {
  /** The factory's name, for {@code switchboard.webhooks.mailgun.*} or {@code <name>.type}. */
  public static final String NAME = "mailgun";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code secret}: the HTTP webhook signing key, a secret reference. */
  public static final ConfigKey<Secret> SECRET =
      ConfigKey.secret(
              "secret", "the HTTP webhook signing key (not the API key), a secret reference")
          .required();

  /** {@code tolerance}. */
  public static final ConfigKey<Duration> TOLERANCE =
      ConfigKey.duration(
          "tolerance",
          MailgunWebhookVerifier.DEFAULT_TOLERANCE,
          "how far the signed time may be from now, either way");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(SECRET, TOLERANCE);
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    Secret signingKey = context.get(SECRET);
    Duration tolerance = context.get(TOLERANCE);
    MailgunWebhookVerifier.Builder builder =
        MailgunWebhookVerifier.builder()
            .provider(context.provider())
            .clock(context.clock())
            .signingKey(signingKey);
    apply(context, "tolerance", () -> builder.tolerance(tolerance));
    if (!context.problems().isEmpty()) {
      return null;
    }
    CredentialCheck.create().secret("secret", signingKey).throwIfProblems();
    return builder
        .replayGuard(
            context.replayGuard(
                "webhooks-" + context.provider() + "-tokens", tolerance.multipliedBy(2)))
        .build();
  }

  private static void apply(WebhookVerifierContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }
}
