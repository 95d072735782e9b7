package dev.switchboard.testkit.junit;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.testkit.simulator.VendorSimulator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Runs a vendor simulator for a JUnit 5 test class: started on a free loopback port, {@linkplain
 * VendorSimulator#reset() reset} before each test (state, recorded requests, faults and knobs), and
 * closed at the end.
 *
 * <pre>{@code
 * class CheckoutTest {
 *   @RegisterExtension static SimulatorExtension<StripeSimulator> stripe = SimulatorExtension.stripe();
 *
 *   @Test
 *   void charges() {
 *     try (Switchboard switchboard = Switchboard.fromConfig(stripe.configBuilder().build())) {
 *       switchboard.payments().charge(...);
 *     }
 *     assertThat(stripe.simulator().paymentIntentCount()).isEqualTo(1);
 *   }
 * }
 * }</pre>
 *
 * <p>Where the field lives decides the server's life. In a {@code static} field the simulator
 * starts once before all tests and closes after them, and each test starts from a reset one on the
 * same port. In an instance field it starts before each test and closes after it, on a new port
 * each time. Either way a test sees nothing an earlier test did; set knobs (accepted keys, faults)
 * in the test or in a {@code @BeforeEach} method, which runs after the reset.
 *
 * <p>A static extension is shared by the class's tests, so they must not run concurrently (JUnit's
 * parallel execution within the class): one test's reset would wipe another's state. Use an
 * instance field for tests that run in parallel.
 *
 * <p>{@link #config()} holds the keys that point a Switchboard provider at the simulator, with the
 * fake credentials it accepts; {@link #configBuilder()} starts a {@link SwitchboardConfig} with
 * them.
 *
 * @param <S> the simulator's type
 */
public final class SimulatorExtension<S extends VendorSimulator> extends OwnedLifecycle {
  /** The client id {@link #payPal()} accepts: obviously fake. */
  public static final String PAYPAL_CLIENT_ID = "client-id-fake";

  /** The client secret {@link #payPal()} accepts: obviously fake. */
  public static final String PAYPAL_CLIENT_SECRET = "secret-fake";

  private final S simulator;
  private final Clock clock;
  private final String port;
  private final String vendor;
  private final Map<String, String> credentials;

  private SimulatorExtension(
      S simulator, Clock clock, String port, String vendor, Map<String, String> credentials) {
    this.simulator = Objects.requireNonNull(simulator, "simulator == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.port = Objects.requireNonNull(port, "port == null");
    this.vendor = Objects.requireNonNull(vendor, "vendor == null");
    this.credentials = Map.copyOf(credentials);
  }

  /** A {@link StripeSimulator} on the system clock. */
  public static SimulatorExtension<StripeSimulator> stripe() {
    return stripe(Clock.systemUTC());
  }

  /**
   * A {@link StripeSimulator} on {@code clock}; {@link #configBuilder()} gives the adapter the same
   * clock. Provider {@code stripe} of port {@code payments}, key {@link
   * StripeSimulator#TEST_API_KEY}.
   */
  public static SimulatorExtension<StripeSimulator> stripe(Clock clock) {
    return new SimulatorExtension<>(
        new StripeSimulator(clock),
        clock,
        "payments",
        "stripe",
        Map.of("api-key", StripeSimulator.TEST_API_KEY));
  }

  /** A {@link PayPalSimulator} on the system clock. */
  public static SimulatorExtension<PayPalSimulator> payPal() {
    return payPal(Clock.systemUTC());
  }

  /**
   * A {@link PayPalSimulator} on {@code clock} that accepts {@link #PAYPAL_CLIENT_ID} and {@link
   * #PAYPAL_CLIENT_SECRET}. Provider {@code paypal} of port {@code payments}.
   */
  public static SimulatorExtension<PayPalSimulator> payPal(Clock clock) {
    return new SimulatorExtension<>(
        new PayPalSimulator(clock, PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET),
        clock,
        "payments",
        "paypal",
        Map.of("client-id", PAYPAL_CLIENT_ID, "client-secret", PAYPAL_CLIENT_SECRET));
  }

  /** A {@link SendGridSimulator} on the system clock. */
  public static SimulatorExtension<SendGridSimulator> sendGrid() {
    return sendGrid(Clock.systemUTC());
  }

  /**
   * A {@link SendGridSimulator} on {@code clock}. Provider {@code sendgrid} of port {@code email},
   * key {@link SendGridSimulator#DEFAULT_API_KEY}.
   */
  public static SimulatorExtension<SendGridSimulator> sendGrid(Clock clock) {
    return new SimulatorExtension<>(
        new SendGridSimulator(clock),
        clock,
        "email",
        "sendgrid",
        Map.of("api-key", SendGridSimulator.DEFAULT_API_KEY));
  }

  /** A {@link MailgunSimulator} on the system clock. */
  public static SimulatorExtension<MailgunSimulator> mailgun() {
    return mailgun(Clock.systemUTC());
  }

  /**
   * A {@link MailgunSimulator} on {@code clock}. Provider {@code mailgun} of port {@code email},
   * key {@link MailgunSimulator#DEFAULT_API_KEY} and domain {@link
   * MailgunSimulator#DEFAULT_DOMAIN}.
   */
  public static SimulatorExtension<MailgunSimulator> mailgun(Clock clock) {
    return new SimulatorExtension<>(
        new MailgunSimulator(clock),
        clock,
        "email",
        "mailgun",
        Map.of(
            "api-key",
            MailgunSimulator.DEFAULT_API_KEY,
            "domain",
            MailgunSimulator.DEFAULT_DOMAIN));
  }

  /** The simulator, to set knobs and inspect what it received. */
  public S simulator() {
    return simulator;
  }

  /**
   * The simulator's base URL, ending in {@code /}.
   *
   * @throws IllegalStateException outside a test's lifecycle (before the server started or after it
   *     closed)
   */
  public HttpUrl baseUrl() {
    return simulator.baseUrl();
  }

  /**
   * The keys that point provider {@code <vendor>} at the simulator: {@code
   * switchboard.<port>.<vendor>.base-url} and the credentials it accepts, such as {@code
   * switchboard.payments.stripe.base-url} and {@code switchboard.payments.stripe.api-key}.
   */
  public Map<String, String> config() {
    return config(vendor);
  }

  /**
   * The same keys for a provider of another name, with {@code switchboard.<port>.<name>.type}
   * naming the vendor's factory: {@code config("primary")} for {@code switchboard.email.primary.*}.
   */
  public Map<String, String> config(String providerName) {
    Objects.requireNonNull(providerName, "providerName == null");
    if (providerName.isBlank() || providerName.contains(".")) {
      throw new IllegalArgumentException(
          "a provider name is one non-blank segment without '.', was '" + providerName + "'");
    }
    String prefix = "switchboard." + port + "." + providerName + ".";
    Map<String, String> keys = new LinkedHashMap<>();
    if (!providerName.equals(vendor)) {
      keys.put(prefix + "type", vendor);
    }
    keys.put(prefix + "base-url", baseUrl().toString());
    credentials.forEach((key, value) -> keys.put(prefix + key, value));
    return Map.copyOf(keys);
  }

  /**
   * A configuration builder with {@link #config()}, {@code switchboard.<port>.providers} set to
   * this vendor alone, this extension's clock, and no secret sources discovered from the classpath.
   * Add or override keys with {@code put} before {@code build()}.
   */
  public SwitchboardConfig.Builder configBuilder() {
    return SwitchboardConfig.builder()
        .putAll(config())
        .put("switchboard." + port + ".providers", vendor)
        .discoverSecretSources(false)
        .clock(clock);
  }

  @Override
  void open() {
    simulator.start();
  }

  @Override
  void resetState() {
    simulator.reset();
  }

  @Override
  void shut() {
    simulator.close();
  }

  /** The vendor and where it listens, never a credential. */
  @Override
  public String toString() {
    String where;
    try {
      where = " at " + simulator.baseUrl();
    } catch (IllegalStateException notStarted) {
      where = " (not started)";
    }
    return "SimulatorExtension{" + vendor + where + "}";
  }
}
