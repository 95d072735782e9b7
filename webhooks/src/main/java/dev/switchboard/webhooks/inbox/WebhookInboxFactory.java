package dev.switchboard.webhooks.inbox;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.state.jdbc.internal.JdbcSettings;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import dev.switchboard.webhooks.WebhookVerifiers;
import dev.switchboard.webhooks.inbox.internal.DeliveryGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link WebhookInbox} from {@code switchboard.webhooks.*}.
 *
 * <pre>{@code
 * WebhookInbox inbox = WebhookInboxFactory.configure(switchboard, config)
 *     .on(WebhookEventTypes.PAYMENT_SUCCEEDED, orders::markPaid)
 *     .build();
 * WebhookEndpoint endpoint = WebhookEndpoint.configure(inbox, config).build();
 * }</pre>
 */
public final class WebhookInboxFactory {
  /** The inbox's database when neither it, the deferred calls nor a jdbc state store set one. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./switchboard-webhooks";

  /** The replay-guard namespace the configured inbox claims event ids in. */
  public static final String EVENT_CLAIMS = "webhook-events";

  static final String PREFIX = "switchboard.webhooks.";

  private WebhookInboxFactory() {}

  /**
   * A builder set from {@code switchboard.webhooks.*}: one verifier per provider in {@code
   * switchboard.webhooks.providers}, built by its adapter's {@link WebhookVerifierFactory} with
   * replay guards from {@code switchboard}'s state store, the event claims in {@code
   * switchboard.replayGuard("webhook-events")}, and the configuration's clock. Add handlers with
   * {@link WebhookInbox.Builder#on}, then {@link WebhookInbox.Builder#build()}.
   *
   * <pre>
   * switchboard.webhooks.providers=stripe,sendgrid
   * switchboard.webhooks.stripe.secret=${env:STRIPE_WEBHOOK_SECRET}
   * switchboard.webhooks.sendgrid.public-key=${env:SENDGRID_WEBHOOK_KEY}
   * switchboard.webhooks.jdbc.url=jdbc:postgresql://db.internal:5432/app
   * switchboard.webhooks.jdbc.username=app
   * switchboard.webhooks.jdbc.password=${env:DB_PASSWORD}
   * switchboard.webhooks.jdbc.pool-size=10
   * switchboard.webhooks.workers=true
   * switchboard.webhooks.threads=4
   * switchboard.webhooks.polling-interval=5s
   * switchboard.webhooks.heartbeat-interval=10s
   * switchboard.webhooks.deadline=24h
   * switchboard.webhooks.backoff-base=1s
   * switchboard.webhooks.backoff-cap=10m
   * switchboard.webhooks.retention=7d
   * switchboard.webhooks.ordered-by-subject=false
   * </pre>
   *
   * <p>{@code jdbc.url} defaults to the deferred calls' database ({@code
   * switchboard.deferred.jdbc.url}), else the state store's when {@code
   * switchboard.state.store=jdbc}, else {@value #DEFAULT_URL}.
   *
   * @throws ConfigurationException listing every bad key, the verifiers' included
   */
  public static WebhookInbox.Builder configure(Switchboard switchboard, SwitchboardConfig config) {
    require("switchboard", switchboard);
    require("config", config);
    ConfigReader s = ConfigReader.of(config);
    WebhookInbox.Builder b = WebhookInbox.builder().clock(config.clock());
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> providers = WebhookVerifiers.providers(config);
    if (providers.isEmpty()) {
      s.problem(WebhookVerifiers.PROVIDERS, "name at least one provider, such as stripe");
    }
    for (String provider : providers) {
      try {
        b.verifier(
            WebhookVerifiers.create(
                config,
                provider,
                purpose -> new DeliveryGuard(switchboard.replayGuard(purpose)),
                switchboard.httpClients()));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      } catch (InvalidRequestException e) {
        s.problem(WebhookVerifiers.PROVIDERS, e.reason());
      }
    }
    b.replayGuard(switchboard.replayGuard(EVENT_CLAIMS));
    b.readCommonKeys(
        s,
        PREFIX,
        List.of(
            new JdbcSettings.Fallback(
                "switchboard.deferred.jdbc.", "switchboard.deferred.jdbc.url", null),
            JdbcSettings.STATE_STORE));
    b.deadline(
        s.positiveDuration(
            PREFIX + WebhookConfigKeys.DEADLINE.name(), WebhookConfigKeys.DEADLINE.defaultValue()));
    b.backoffCap(
        s.positiveDuration(
            PREFIX + WebhookConfigKeys.BACKOFF_CAP.name(),
            WebhookConfigKeys.BACKOFF_CAP.defaultValue()));
    b.orderedBySubject(s.get(PREFIX, WebhookConfigKeys.ORDERED_BY_SUBJECT));
    problems.addAll(s.problems());
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return b;
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }
}
