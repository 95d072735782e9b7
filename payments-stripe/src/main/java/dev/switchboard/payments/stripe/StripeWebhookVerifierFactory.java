package dev.switchboard.payments.stripe;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.CredentialCheck;
import dev.switchboard.config.Secret;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifierContext;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds a {@link StripeWebhookVerifier} from configuration; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}, and used through {@link
 * dev.switchboard.webhooks.WebhookVerifiers}.
 *
 * <pre>
 * switchboard.webhooks.stripe.secret=${env:STRIPE_WEBHOOK_SECRET}            # required, whsec_...
 * switchboard.webhooks.stripe.previous-secret=${env:STRIPE_OLD_WEBHOOK_SECRET}  # default none
 * switchboard.webhooks.stripe.tolerance=300s                                  # default 300 s
 * switchboard.webhooks.stripe.replay-guard=false                              # default false
 * </pre>
 *
 * <p>While Stripe rolls an endpoint secret it signs with both; set {@code previous-secret} until
 * the old one expires. With {@code replay-guard=true} an event id seen before is refused, through
 * the guard the receiver hands in for {@code webhooks-<provider>-events} (in memory, twice the
 * tolerance, otherwise); see {@link StripeWebhookVerifier} for why that is off by default. A
 * provider with another name selects this factory with {@code switchboard.webhooks.<name>.type=
 * stripe}.
 */
public final class StripeWebhookVerifierFactory implements WebhookVerifierFactory {
  /**
   * The factory's name, for {@code switchboard.webhooks.stripe.*} or {@code <name>.type=stripe}.
   */
  public static final String NAME = "stripe";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code secret}: the endpoint secret, a secret reference. */
  public static final ConfigKey<Secret> SECRET =
      ConfigKey.secret("secret", "the endpoint secret (whsec_...), a secret reference").required();

  /** {@code previous-secret}: accepted too while Stripe rolls the secret. */
  public static final ConfigKey<Secret> PREVIOUS_SECRET =
      ConfigKey.secret(
          "previous-secret", "a second endpoint secret, accepted while Stripe rolls the secret");

  /** {@code tolerance}. */
  public static final ConfigKey<Duration> TOLERANCE =
      ConfigKey.duration(
          "tolerance",
          StripeWebhookVerifier.DEFAULT_TOLERANCE,
          "how far the signed time may be from now, either way");

  /** {@code replay-guard}. */
  public static final ConfigKey<Boolean> REPLAY_GUARD =
      ConfigKey.bool("replay-guard", false, "refuse an event id seen before");

  @Override
  public ConfigKeys keys() {
    return ConfigKeys.of(SECRET, PREVIOUS_SECRET, TOLERANCE, REPLAY_GUARD);
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    Secret secret = context.get(SECRET);
    Optional<Secret> previous = context.optionalSecret(PREVIOUS_SECRET.name());
    Duration tolerance = context.get(TOLERANCE);
    boolean guarded = context.get(REPLAY_GUARD);
    StripeWebhookVerifier.Builder builder =
        StripeWebhookVerifier.builder()
            .provider(context.provider())
            .clock(context.clock())
            .secret(secret);
    previous.ifPresent(builder::secret);
    apply(context, "tolerance", () -> builder.tolerance(tolerance));
    if (!context.problems().isEmpty()) {
      return null;
    }
    CredentialCheck.create()
        .secret("secret", secret)
        .secret("previous-secret", previous.orElse(null))
        .throwIfProblems();
    if (guarded) {
      builder.replayGuard(
          context.replayGuard(
              "webhooks-" + context.provider() + "-events", tolerance.multipliedBy(2)));
    }
    return builder.build();
  }

  private static void apply(WebhookVerifierContext context, String key, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      context.problem(key, e.reason());
    }
  }
}
