package dev.switchboard.email.sendgrid;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifierContext;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds a {@link SendGridWebhookVerifier} from configuration; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}, and used through {@link
 * dev.switchboard.webhooks.WebhookVerifiers}.
 *
 * <pre>
 * switchboard.webhooks.sendgrid.public-key=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...   # required
 * switchboard.webhooks.sendgrid.tolerance=5m                                          # default 5 min
 * switchboard.webhooks.sendgrid.replay-guard=false                                    # default false
 * </pre>
 *
 * <p>{@code public-key} is the Event Webhook's "Verification Key" as SendGrid shows it (base64 DER,
 * or a PEM block). It is not secret, so it may be written as it is; a reference such as {@code
 * ${env:SENDGRID_WEBHOOK_KEY}} is read as a secret is. With {@code replay-guard=true} a delivery
 * holding an {@code sg_event_id} seen before is refused, through the guard the receiver hands in
 * for {@code webhooks-<provider>-events} (in memory, twice the tolerance, otherwise). A provider
 * with another name selects this factory with {@code switchboard.webhooks.<name>.type=sendgrid}.
 */
public final class SendGridWebhookVerifierFactory implements WebhookVerifierFactory {
  /** The factory's name, for {@code switchboard.webhooks.sendgrid.*} or {@code <name>.type}. */
  public static final String NAME = "sendgrid";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code public-key}: not secret, so written as it is or as a reference. */
  public static final ConfigKey<String> PUBLIC_KEY =
      ConfigKey.string(
              "public-key",
              null,
              "the Event Webhook's verification key (base64 DER or PEM), as it is or a reference")
          .required();

  /** {@code tolerance}. */
  public static final ConfigKey<Duration> TOLERANCE =
      ConfigKey.duration(
          "tolerance",
          SendGridWebhookVerifier.DEFAULT_TOLERANCE,
          "how far the signed time may be from now, either way");

  /** {@code replay-guard}. */
  public static final ConfigKey<Boolean> REPLAY_GUARD =
      ConfigKey.bool("replay-guard", false, "refuse an sg_event_id seen before");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(PUBLIC_KEY, TOLERANCE, REPLAY_GUARD);
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    SendGridWebhookVerifier.Builder builder =
        SendGridWebhookVerifier.builder().provider(context.provider()).clock(context.clock());
    publicKey(context).ifPresent(key -> apply(context, "public-key", () -> builder.publicKey(key)));
    Duration tolerance = context.get(TOLERANCE);
    apply(context, "tolerance", () -> builder.tolerance(tolerance));
    boolean guarded = context.get(REPLAY_GUARD);
    if (!context.problems().isEmpty()) {
      return null;
    }
    if (guarded) {
      builder.replayGuard(
          context.replayGuard(
              "webhooks-" + context.provider() + "-events",
              // Timestamps are whole seconds: the extra second keeps a zero tolerance guarded.
              tolerance.multipliedBy(2).plusSeconds(1)));
    }
    return builder.build();
  }

  /** The key as written, or read through its reference; empty after recording a problem. */
  private static Optional<String> publicKey(WebhookVerifierContext context) {
    String written = context.string("public-key");
    if (written.isEmpty()) {
      return Optional.empty();
    }
    if (!written.startsWith("${")) {
      return Optional.of(written);
    }
    String read = context.secret("public-key").value();
    return read.isBlank() ? Optional.empty() : Optional.of(read);
  }

  private static void apply(WebhookVerifierContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }
}
