package dev.switchboard.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link SimulatorExtension} drives real test classes (the nested fixtures, run through the JUnit
 * launcher; surefire skips nested classes itself): a free loopback port, a reset before each test,
 * closed after.
 */
class SimulatorExtensionTest {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
  private static final OkHttpClient CLIENT = new OkHttpClient();

  /** What a fixture's test saw. */
  record Seen(StripeSimulator simulator, int port, int intentsAtStart, int requestsAtStart) {}

  static final List<Seen> SEEN = new ArrayList<>();

  static int createIntent(SimulatorExtension<StripeSimulator> stripe) throws IOException {
    Request request =
        new Request.Builder()
            .url(stripe.baseUrl().resolve("/v1/payment_intents"))
            .header("Authorization", "Bearer " + StripeSimulator.TEST_API_KEY)
            .post(RequestBody.create("amount=1000&currency=eur", FORM))
            .build();
    try (Response response = CLIENT.newCall(request).execute()) {
      return response.code();
    }
  }

  static void see(SimulatorExtension<StripeSimulator> stripe) {
    StripeSimulator simulator = stripe.simulator();
    SEEN.add(
        new Seen(
            simulator,
            stripe.baseUrl().port(),
            simulator.paymentIntentCount(),
            simulator.requests().size()));
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedForTheClass {
    @RegisterExtension
    static final SimulatorExtension<StripeSimulator> STRIPE = SimulatorExtension.stripe();

    @Test
    @Order(1)
    void chargesAndBreaksTheSimulator() throws IOException {
      see(STRIPE);
      assertThat(createIntent(STRIPE)).isEqualTo(200);
      STRIPE.simulator().acceptApiKeys("sk_test_fake_rolled");
      STRIPE.simulator().failAlways(SimulatedFault.unavailable());
    }

    @Test
    @Order(2)
    void startsClean() throws IOException {
      see(STRIPE);
      assertThat(createIntent(STRIPE)).isEqualTo(200); // default key accepted, no standing fault
    }
  }

  static class WithNestedClasses {
    @RegisterExtension
    static final SimulatorExtension<StripeSimulator> STRIPE = SimulatorExtension.stripe();

    @Test
    void outer() throws IOException {
      see(STRIPE);
      assertThat(createIntent(STRIPE)).isEqualTo(200);
    }

    @Nested
    class First {
      @Test
      void inFirst() throws IOException {
        see(STRIPE);
        assertThat(createIntent(STRIPE)).isEqualTo(200);
      }
    }

    @Nested
    class Second {
      @Test
      void inSecond() throws IOException {
        see(STRIPE);
        assertThat(createIntent(STRIPE)).isEqualTo(200);
      }
    }
  }

  static class OnePerTest {
    @RegisterExtension
    final SimulatorExtension<StripeSimulator> stripe = SimulatorExtension.stripe();

    @Test
    void first() throws IOException {
      see(stripe);
      assertThat(createIntent(stripe)).isEqualTo(200);
    }

    @Test
    void second() throws IOException {
      see(stripe);
      assertThat(createIntent(stripe)).isEqualTo(200);
    }
  }

  @Test
  void aStaticExtensionStartsOnceResetsBeforeEachTestAndClosesAfterAll() {
    SEEN.clear();

    TestExecutionSummary summary = JUnitRun.run(SharedForTheClass.class);

    assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
    assertThat(SEEN).hasSize(2);
    Seen first = SEEN.get(0);
    Seen second = SEEN.get(1);
    assertThat(first.port()).isPositive().isEqualTo(second.port());
    assertThat(second.simulator()).isSameAs(first.simulator());
    assertThat(second.intentsAtStart()).isZero(); // test 1's PaymentIntent is gone
    assertThat(second.requestsAtStart()).isZero();
    assertThat(first.simulator().paymentIntentCount()).isOne(); // test 2's, as it left it
    assertClosed(first);
  }

  @Test
  void nestedClassesShareTheOuterClassesServerUntilItEnds() {
    SEEN.clear();

    TestExecutionSummary summary = JUnitRun.run(WithNestedClasses.class);

    assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(3);
    assertThat(SEEN).hasSize(3);
    assertThat(SEEN).extracting(Seen::port).containsOnly(SEEN.get(0).port()); // never restarted
    assertThat(SEEN).extracting(Seen::intentsAtStart).containsOnly(0);
    assertClosed(SEEN.get(0));
  }

  @Test
  void anInstanceExtensionRunsAServerPerTest() {
    SEEN.clear();

    TestExecutionSummary summary = JUnitRun.run(OnePerTest.class);

    assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0).simulator()).isNotSameAs(SEEN.get(1).simulator());
    assertThat(SEEN).extracting(Seen::intentsAtStart).containsExactly(0, 0);
    assertClosed(SEEN.get(0));
    assertClosed(SEEN.get(1));
  }

  @Test
  void configPointsAProviderAtTheSimulatorWithTheKeysItAccepts() {
    SimulatorExtension<StripeSimulator> stripe = SimulatorExtension.stripe();
    try (StripeSimulator simulator = stripe.simulator()) {
      String baseUrl = simulator.start().toString();

      assertThat(stripe.config())
          .containsOnly(
              entry("switchboard.payments.stripe.base-url", baseUrl),
              entry("switchboard.payments.stripe.api-key", StripeSimulator.TEST_API_KEY));
      assertThat(stripe.config("backup"))
          .containsEntry("switchboard.payments.backup.type", "stripe")
          .containsEntry("switchboard.payments.backup.base-url", baseUrl);
      SwitchboardConfig config = stripe.configBuilder().build();
      assertThat(config.get("switchboard.payments.providers")).contains("stripe");
      assertThat(config.get("switchboard.payments.stripe.base-url")).contains(baseUrl);
      assertThat(stripe.toString()).contains(baseUrl).doesNotContain(StripeSimulator.TEST_API_KEY);
    }
  }

  @Test
  void mailgunConfigCarriesItsDomain() {
    SimulatorExtension<MailgunSimulator> mailgun = SimulatorExtension.mailgun();
    try (MailgunSimulator simulator = mailgun.simulator()) {
      simulator.start();
      assertThat(mailgun.config())
          .containsEntry("switchboard.email.mailgun.domain", MailgunSimulator.DEFAULT_DOMAIN)
          .containsEntry("switchboard.email.mailgun.api-key", MailgunSimulator.DEFAULT_API_KEY);
    }
  }

  @Test
  void refusesAProviderNameThatIsNotOneSegment() {
    SimulatorExtension<StripeSimulator> stripe = SimulatorExtension.stripe();
    assertThatThrownBy(() -> stripe.config("a.b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a.b'");
  }

  @Test
  void baseUrlOutsideATestSaysTheSimulatorIsNotStarted() {
    assertThatThrownBy(() -> SimulatorExtension.sendGrid().baseUrl())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }

  static void assertClosed(Seen seen) {
    assertThatThrownBy(() -> seen.simulator().baseUrl()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", seen.port()), 2_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  static String failures(TestExecutionSummary summary) {
    StringWriter out = new StringWriter();
    summary.printFailuresTo(new PrintWriter(out), 20);
    return out.toString();
  }
}
