package dev.switchboard.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.http.WebhookEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox and its endpoint built from {@code switchboard.webhooks.*}. */
class WebhookInboxFactoryTest {
  @TempDir Path dir;

  private final StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());

  private SwitchboardConfig config(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("switchboard.payments.providers", "fake");
    values.put("switchboard.webhooks.providers", "stripe");
    values.put("switchboard.webhooks.stripe.secret", StripeSimulator.TEST_WEBHOOK_SECRET);
    values.put("switchboard.webhooks.jdbc.url", "jdbc:h2:file:" + dir.resolve("inbox"));
    values.put("switchboard.webhooks.polling-interval", "50ms");
    values.putAll(extra);
    return SwitchboardConfig.builder().putAll(values).build();
  }

  @Test
  void aConfiguredInboxVerifiesStoresAndHandles() throws Exception {
    SwitchboardConfig config = config(Map.of("switchboard.webhooks.path-prefix", "/hooks"));
    List<WebhookEvent> seen = new CopyOnWriteArrayList<>();
    try (Switchboard switchboard = Switchboard.fromConfig(config);
        WebhookInbox inbox =
            WebhookInboxFactory.configure(switchboard, config)
                .on(WebhookEventTypes.PAYMENT_SUCCEEDED, seen::add)
                .build()) {
      WebhookEndpoint endpoint = WebhookEndpoint.configure(inbox, config).build();
      WebhookRequest delivery =
          stripe.webhookEvent(
              "payment_intent.succeeded", Map.of("id", "pi_cfg", "object", "payment_intent"));

      WebhookDecision decision =
          endpoint.handle("POST", "/hooks/stripe", delivery.headers(), delivery.body());

      assertThat(endpoint.paths()).containsExactly("/hooks/stripe");
      assertThat(decision.outcome()).isEqualTo(WebhookDecision.Outcome.ACCEPTED);
      Poll.until("the event is handled", inbox::wakeUp, () -> !seen.isEmpty(), inbox::depth);
      assertThat(seen)
          .singleElement()
          .satisfies(e -> assertThat(e.subjectId()).isEqualTo("pi_cfg"));
      // The event claims live in the state store's guard: a duplicate there is seen as one.
      assertThat(
              switchboard
                  .replayGuard(WebhookInboxFactory.EVENT_CLAIMS)
                  .claim("stripe:" + seen.get(0).id()))
          .isNotEqualTo(dev.switchboard.webhooks.ReplayGuard.Sighting.FIRST);
    }
  }

  @Test
  void aMailgunDeliveryAnswered503IsAcceptedWhenDeliveredAgainWithTheSameToken() {
    SwitchboardConfig config =
        config(
            Map.of(
                "switchboard.webhooks.providers",
                "mailgun",
                "switchboard.webhooks.mailgun.secret",
                MailgunSimulator.DEFAULT_SIGNING_KEY));
    WebhookRequest delivery =
        new MailgunSimulator(Clock.systemUTC())
            .signedWebhook(
                "{\"id\": \"mg-evt-1\", \"event\": \"delivered\", \"timestamp\": 1714564800.25,"
                    + " \"message\": {\"headers\": {\"message-id\": \"m1@mg.example.com\"}}}");
    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      WebhookInbox down = WebhookInboxFactory.configure(switchboard, config).workers(false).build();
      down.close(); // its pool is gone: storing fails

      WebhookDecision refused = down.receive("mailgun", delivery);

      assertThat(refused.status()).isEqualTo(503);
      try (WebhookInbox up =
          WebhookInboxFactory.configure(switchboard, config).workers(false).build()) {
        // The verifier's single-use token was only claimed while the first delivery failed.
        WebhookDecision again = up.receive("mailgun", delivery);
        WebhookDecision thirdTime = up.receive("mailgun", delivery);

        assertThat(again.outcome()).isEqualTo(WebhookDecision.Outcome.ACCEPTED);
        assertThat(again.stored()).containsExactly("mg-evt-1");
        assertThat(thirdTime.status()).isEqualTo(400);
        assertThat(thirdTime.body()).contains("REPLAYED");
      }
    }
  }

  @Test
  void everyBadKeyIsReportedAtOnceWithoutTheSecrets() {
    SwitchboardConfig config =
        config(
            Map.of(
                "switchboard.webhooks.providers", "stripe,sendgrid",
                "switchboard.webhooks.stripe.secret", "whsec_fake_do_not_print",
                "switchboard.webhooks.stripe.tolerance", "soon",
                "switchboard.webhooks.threads", "0",
                "switchboard.webhooks.deadline", "-5m",
                "switchboard.webhooks.jdbc.url", "jdbc:mysql://user:pw@db/app"));
    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      assertThatThrownBy(() -> WebhookInboxFactory.configure(switchboard, config))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e ->
                  assertThat(e.problems())
                      .extracting(ConfigProblem::key)
                      .contains(
                          "switchboard.webhooks.stripe.tolerance",
                          "switchboard.webhooks.sendgrid.public-key",
                          "switchboard.webhooks.threads",
                          "switchboard.webhooks.deadline",
                          "switchboard.webhooks.jdbc.url"))
          .hasMessageNotContaining("whsec_fake_do_not_print")
          .hasMessageNotContaining("pw@db");
    }
  }

  @Test
  void noProvidersIsAProblemOnTheProvidersKey() {
    SwitchboardConfig config = config(Map.of("switchboard.webhooks.providers", ""));
    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      assertThatThrownBy(() -> WebhookInboxFactory.configure(switchboard, config))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e ->
                  assertThat(e.problems())
                      .extracting(ConfigProblem::key)
                      .containsExactly("switchboard.webhooks.providers"));
    }
  }

  @Test
  void theInboxSharesTheDeferredCallsDatabaseWhenItHasNoneOfItsOwn() throws Exception {
    Path deferred = dir.resolve("deferred");
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "fake")
            .put("switchboard.webhooks.providers", "stripe")
            .put("switchboard.webhooks.stripe.secret", StripeSimulator.TEST_WEBHOOK_SECRET)
            .put("switchboard.deferred.jdbc.url", "jdbc:h2:file:" + deferred)
            .build();
    try (Switchboard switchboard = Switchboard.fromConfig(config);
        WebhookInbox inbox =
            WebhookInboxFactory.configure(switchboard, config).workers(false).build()) {
      assertThat(inbox.providers()).containsExactly("stripe");
    }
    assertThat(Files.exists(Path.of(deferred + ".mv.db"))).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + deferred, "", "");
        ResultSet tables =
            c.getMetaData().getTables(null, null, "SWITCHBOARD_WEBHOOK_EVENT", null)) {
      assertThat(tables.next()).isTrue();
    }
  }

  @Test
  void aBadPathPrefixOrBodyLimitIsAProblemOnItsKey() throws Exception {
    SwitchboardConfig config =
        config(
            Map.of(
                "switchboard.webhooks.path-prefix", "hooks/",
                "switchboard.webhooks.max-body-bytes", "0"));
    try (Switchboard switchboard = Switchboard.fromConfig(config);
        WebhookInbox inbox =
            WebhookInboxFactory.configure(switchboard, config).workers(false).build()) {
      assertThatThrownBy(() -> WebhookEndpoint.configure(inbox, config))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e ->
                  assertThat(e.problems())
                      .extracting(ConfigProblem::key)
                      .containsExactlyInAnyOrder(
                          "switchboard.webhooks.path-prefix",
                          "switchboard.webhooks.max-body-bytes"));
    }
  }
}
