package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.testkit.simulator.WebhookDeliveries;
import dev.switchboard.webhooks.WebhookEvent;
import dev.switchboard.webhooks.WebhookEventTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One real application: Tomcat on a random port, Actuator, Micrometer's simple registry, the
 * starter, and two Stripe simulators standing in for the primary ({@code stripe}) and a backup
 * ({@code backup}, type {@code stripe}). Configuration comes from {@code application.properties}
 * and the {@code sim} profile's file; the secrets are {@code ${sysprop:...}} references. The tests
 * run in order, since the last one takes the vendors down.
 */
@SpringBootTest(
    classes = SwitchboardApplicationTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sim")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchboardApplicationTest {
  private static final StripeSimulator STRIPE = new StripeSimulator(Clock.systemUTC());
  private static final StripeSimulator BACKUP = new StripeSimulator(Clock.systemUTC());
  private static final List<WebhookEvent> HANDLED = new CopyOnWriteArrayList<>();
  private static final AtomicInteger ORDERS = new AtomicInteger();

  static {
    System.setProperty("starter-test.stripe-key", StripeSimulator.TEST_API_KEY);
    System.setProperty("starter-test.stripe-webhook-secret", StripeSimulator.TEST_WEBHOOK_SECRET);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    WebhookInboxCustomizer recordPayments() {
      return inbox -> inbox.on(WebhookEventTypes.PAYMENT_SUCCEEDED, HANDLED::add);
    }
  }

  @DynamicPropertySource
  static void simulators(DynamicPropertyRegistry registry) {
    registry.add("switchboard.payments.stripe.base-url", () -> STRIPE.start().toString());
    registry.add("switchboard.payments.backup.base-url", () -> BACKUP.start().toString());
  }

  @AfterAll
  static void stopSimulators() {
    STRIPE.close();
    BACKUP.close();
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired SwitchboardConfig config;
  @Autowired Switchboard switchboard;
  @Autowired PaymentGateway payments;
  @Autowired MeterRegistry meters;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @Order(1)
  void configurationComesFromSpringWithSecretReferencesUnresolved() {
    // The reference reaches Switchboard as written; Spring would have made it "starter-test...".
    assertThat(config.get("switchboard.payments.stripe.api-key"))
        .contains("${sysprop:starter-test.stripe-key}");
    assertThat(config.origin("switchboard.payments.stripe.api-key").orElseThrow().isFile())
        .isTrue();
    // The sim profile's file overrides application.properties.
    assertThat(config.get("switchboard.payments.stripe.retry.max-attempts")).contains("1");
    assertThat(config.origin("switchboard.payments.stripe.retry.max-attempts").orElseThrow())
        .satisfies(o -> assertThat(o.isFile()).isTrue())
        .asString()
        .endsWith("application-sim.properties line 3");
    // A Spring placeholder to a Spring property is resolved by Spring.
    assertThat(config.get("switchboard.webhooks.max-body-bytes")).contains("65536");
    assertThat(config.get("switchboard.payments.stripe.base-url"))
        .contains(STRIPE.baseUrl().toString());
  }

  @Test
  @Order(2)
  void theConfiguredPortsAreBeansAndTheOthersAreNot() {
    assertThat(context.getBeansOfType(PaymentGateway.class)).hasSize(1);
    assertThat(payments).isSameAs(switchboard.payments());
    assertThat(context.getBeansOfType(EmailSender.class)).isEmpty();
    assertThat(
            context.getBeanNamesForType(
                org.springframework.boot.health.contributor.HealthIndicator.class))
        .contains("switchboardPaymentsHealthIndicator")
        .doesNotContain("switchboardEmailHealthIndicator");
  }

  @Test
  @Order(3)
  void aChargeReachesTheVendorWithTheReferencedKeyAndIsMetered() {
    Payment payment = charge();

    assertThat(payment.id().provider()).isEqualTo("stripe");
    assertThat(STRIPE.paymentIntentCount()).isEqualTo(1);
    assertThat(STRIPE.lastRequest().orElseThrow().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StripeSimulator.TEST_API_KEY);
    assertThat(meters).isInstanceOf(SimpleMeterRegistry.class);
    assertThat(meters.find("switchboard.breaker.state").tag("provider", "stripe").gauges())
        .isNotEmpty();
    assertThat(meters.find("switchboard.breaker.state").tag("provider", "backup").gauges())
        .isNotEmpty();
    assertThat(
            meters
                .find("switchboard.calls")
                .tag("provider", "stripe")
                .tag("outcome", "success")
                .timer())
        .isNotNull()
        .satisfies(t -> assertThat(t.count()).isEqualTo(1));
  }

  @Test
  @Order(4)
  void aWebhookPostReachesTheServletAndItsHandler() {
    Payment payment = charge();
    URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");

    WebhookDeliveries.Delivery delivery =
        STRIPE
            .deliveries(endpoint)
            .send(STRIPE.webhookEventFor("payment_intent.succeeded", payment.id().value()));

    assertThat(delivery.state()).isEqualTo(WebhookDeliveries.Delivery.State.DELIVERED);
    assertThat(delivery.lastAttempt().status()).hasValue(200);
    Poll.until("the handler ran", () -> {}, () -> !HANDLED.isEmpty(), HANDLED::toString);
    assertThat(HANDLED.get(0).type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
  }

  @Test
  @Order(5)
  void healthShowsEachBreakerAsTheVendorsGoDown() throws Exception {
    JsonNode up = health(200);
    assertThat(up.at("/components/switchboardPayments/status").asString()).isEqualTo("UP");
    assertThat(up.at("/components/switchboardPayments/details/providers/stripe/breaker").asString())
        .isEqualTo("CLOSED");

    // The primary goes down. A 503 leaves a charge's outcome unknown, so it is not moved to the
    // backup; the failed attempts open the primary's breaker (a window of two, the sim profile's).
    STRIPE.failAlways(SimulatedFault.unavailable());
    failUntilBreakerOpens("stripe");
    // Charges now skip the primary; the port is degraded, the application still UP.
    int stripeRequests = STRIPE.requests().size();
    assertThat(charge().id().provider()).isEqualTo("backup");
    assertThat(STRIPE.requests()).hasSize(stripeRequests);
    JsonNode degraded = health(200);
    JsonNode port = degraded.at("/components/switchboardPayments");
    assertThat(degraded.at("/status").asString()).isEqualTo("UP");
    assertThat(port.at("/status").asString()).isEqualTo("DEGRADED");
    assertThat(port.at("/details/providers/stripe/breaker").asString()).isEqualTo("OPEN");
    assertThat(port.at("/details/providers/stripe/lastError/type").asString())
        .isEqualTo("OutcomeUnknownException");
    assertThat(port.at("/details/providers/backup/breaker").asString()).isEqualTo("CLOSED");
    assertThat(port.at("/details/failover").asBoolean()).isTrue();
    assertThat(port.at("/details/serving").asString()).isEqualTo("backup");

    // The backup goes down too: nothing serves payments, the port is DOWN and so is the app.
    BACKUP.failAlways(SimulatedFault.unavailable());
    failUntilBreakerOpens("backup");
    JsonNode down = health(503);
    assertThat(down.at("/status").asString()).isEqualTo("DOWN");
    assertThat(down.at("/components/switchboardPayments/status").asString()).isEqualTo("DOWN");
    assertThat(
            down.at("/components/switchboardPayments/details/providers/backup/breaker").asString())
        .isEqualTo("OPEN");
    assertThat(down.toString()).doesNotContain(StripeSimulator.TEST_API_KEY);
  }

  /** Charges, each charge failing, until {@code provider}'s breaker opens; four at most. */
  private void failUntilBreakerOpens(String provider) {
    for (int i = 0; i < 4 && breaker(provider) != BreakerState.OPEN; i++) {
      assertThatThrownBy(this::charge).isInstanceOf(OutcomeUnknownException.class);
    }
    assertThat(breaker(provider)).isEqualTo(BreakerState.OPEN);
  }

  private BreakerState breaker(String provider) {
    return switchboard.health().get("payments").stream()
        .filter(h -> h.provider().equals(provider))
        .findFirst()
        .orElseThrow()
        .breakerState();
  }

  private Payment charge() {
    return payments.charge(
        ChargeRequest.builder()
            .amount(Money.of("12.34", "EUR"))
            .source(
                PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS)
                    .orToken("backup", StripeSimulator.PM_SUCCEEDS))
            .idempotencyKey(IdempotencyKey.of("order-" + ORDERS.incrementAndGet()))
            .build());
  }

  private JsonNode health(int expectedStatus) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return JsonMapper.builder().build().readTree(response.body());
  }
}
