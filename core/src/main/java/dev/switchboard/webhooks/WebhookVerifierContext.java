package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.http.HttpClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a {@link WebhookVerifierFactory} gets to build one provider's verifier: the provider's
 * settings, scoped to {@code switchboard.webhooks.<provider>.}, the configuration's clock, replay
 * guards, and a place to report problems.
 *
 * <p>The readers take the key without its prefix and read the same value forms as every other
 * {@code switchboard.*} key (through {@link ConfigReader}): durations such as {@code 500ms}, {@code
 * 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601; URLs that are {@code https}, or {@code
 * http} on a loopback host; secrets as references such as {@code ${env:NAME}} (a literal is refused
 * in a properties file). A bad value is recorded as a {@link ConfigProblem} under the full key and
 * answered with the default (or a placeholder), so a factory reads everything it needs and every
 * problem is reported at once. No problem, message or {@link #toString()} shows a secret.
 *
 * <pre>{@code
 * WebhookVerifierContext context = WebhookVerifierContext.create(config, "acme");
 * Secret secret = context.secret("secret");                  // switchboard.webhooks.acme.secret
 * Duration tolerance = context.duration("tolerance", Duration.ofMinutes(5));
 * ReplayGuard guard = context.replayGuard("webhooks-acme-tokens", tolerance.multipliedBy(2));
 * context.throwIfProblems();
 * }</pre>
 *
 * <p><b>Replay guards.</b> Whoever builds the context may hand in a function from a purpose to a
 * guard, such as {@code switchboard::replayGuard}, so that every instance sharing the state store
 * shares the guard. Without one, {@link #replayGuard(String, Duration)} answers the guard the
 * verifier's builder would use by default: one in memory, remembering values for the window the
 * factory gives, for this process only. A context asked twice for one purpose answers the same
 * guard.
 *
 * <p>Not thread-safe: a factory uses its context on one thread.
 */
public final class WebhookVerifierContext {
  /** The prefix of every webhook verifier key: {@code switchboard.webhooks.}. */
  public static final String PREFIX = "switchboard.webhooks.";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final String provider;
  private final ConfigReader read;
  private final Clock clock;
  private final Function<String, ReplayGuard> guards;
  private final HttpClients httpClients;
  private final Map<String, ReplayGuard> handedOut = new HashMap<>();

  private WebhookVerifierContext(
      String provider,
      SwitchboardConfig config,
      Function<String, ReplayGuard> guards,
      HttpClients httpClients) {
    this.provider = provider;
    this.read = ConfigReader.of(config);
    this.clock = config.clock();
    this.guards = guards;
    this.httpClients = httpClients != null ? httpClients : HttpClients.shared();
  }

  /**
   * A context whose replay guards live in this process's memory; for testing a factory.
   *
   * @throws NullPointerException if {@code config} is null
   * @throws InvalidRequestException if {@code provider} is not a name (lower-case letters, digits
   *     and {@code -})
   */
  public static WebhookVerifierContext create(SwitchboardConfig config, String provider) {
    return create(config, provider, null);
  }

  /**
   * A context that takes its replay guards from {@code guards}, such as {@code
   * switchboard::replayGuard}; null for guards in memory.
   *
   * @throws NullPointerException if {@code config} is null
   * @throws InvalidRequestException if {@code provider} is not a name (lower-case letters, digits
   *     and {@code -})
   */
  public static WebhookVerifierContext create(
      SwitchboardConfig config, String provider, Function<String, ReplayGuard> guards) {
    return create(config, provider, guards, null);
  }

  /**
   * A context like {@link #create(SwitchboardConfig, String, Function)} whose verifier calls the
   * vendor (say, to fetch a signing certificate) through {@code httpClients}, such as {@code
   * switchboard.httpClients()}; null for {@link HttpClients#shared()}.
   *
   * @throws NullPointerException if {@code config} is null
   * @throws InvalidRequestException if {@code provider} is not a name
   */
  public static WebhookVerifierContext create(
      SwitchboardConfig config,
      String provider,
      Function<String, ReplayGuard> guards,
      HttpClients httpClients) {
    Objects.requireNonNull(config, "config == null");
    if (!isValidName(provider)) {
      throw InvalidRequestException.invalidField(
          "provider",
          "provider must be lower-case letters, digits and '-', starting with a letter or digit,"
              + " was "
              + provider);
    }
    return new WebhookVerifierContext(provider, config, guards, httpClients);
  }

  static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The HTTP clients a verifier that calls its vendor derives its client from: the application's
   * (as given to the context), else {@link HttpClients#shared()}.
   */
  public HttpClients httpClients() {
    return httpClients;
  }

  /** The provider's name as configured: the {@code acme} of {@code switchboard.webhooks.acme.}. */
  public String provider() {
    return provider;
  }

  /** The prefix of the provider's keys, such as {@code switchboard.webhooks.acme.}. */
  public String prefix() {
    return PREFIX + provider + ".";
  }

  /** The full key of one of the provider's settings: {@code key("secret")}. */
  public String key(String key) {
    Objects.requireNonNull(key, "key == null");
    if (key.isBlank()) {
      throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
    }
    return prefix() + key;
  }

  /** The configuration's clock; hand it to the verifier. */
  public Clock clock() {
    return clock;
  }

  /** A required setting, trimmed; records a problem and answers {@code ""} when it is not set. */
  public String string(String key) {
    return read.string(key(key));
  }

  /** An optional setting, trimmed; a blank value counts as not set. */
  public Optional<String> optionalString(String key) {
    return read.optionalString(key(key));
  }

  /** A comma-separated list, each item trimmed, empty items dropped; empty when not set. */
  public List<String> list(String key) {
    return read.list(key(key));
  }

  /** An integer of at least {@code min}, or {@code defaultValue} when not set or bad. */
  public int integer(String key, int defaultValue, int min) {
    return read.integer(key(key), defaultValue, min);
  }

  /** {@code true} or {@code false} in any case, or {@code defaultValue}. */
  public boolean bool(String key, boolean defaultValue) {
    return read.bool(key(key), defaultValue);
  }

  /**
   * A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 0}
   * or ISO-8601 such as {@code PT30S}; never negative. {@code defaultValue} (which may be null)
   * when not set or bad.
   */
  public Duration duration(String key, Duration defaultValue) {
    return read.duration(key(key), defaultValue);
  }

  /**
   * An absolute {@code https} URL, or {@code http} for a loopback host (127.0.0.0/8, {@code [::1]},
   * {@code localhost}); no user info. {@code defaultValue} (which may be null) when not set or
   * refused.
   */
  public URI url(String key, URI defaultValue) {
    return read.url(key(key), defaultValue);
  }

  /**
   * A required secret, resolved now and re-read when it expires. In a properties file the value
   * must be a reference such as {@code ${env:NAME}}; a literal from the environment, a system
   * property or code is accepted. A placeholder is answered when it cannot be resolved.
   */
  public Secret secret(String key) {
    return read.secret(key(key));
  }

  /**
   * The value of a declared key under the provider's prefix, read as its declaration says: its
   * default when not set (after a problem when it is required), its default after a problem when it
   * is bad.
   */
  public <T> T get(dev.switchboard.config.ConfigKey<T> key) {
    if (key == null) {
      throw new NullPointerException("key == null");
    }
    return read.get(prefix(), key);
  }

  /** The secret under {@code key} when the key is set, read as {@link #secret(String)} reads it. */
  public Optional<Secret> optionalSecret(String key) {
    return read.optionalSecret(key(key));
  }

  /**
   * The replay guard for {@code purpose}: the one the function handed to {@link #create(
   * SwitchboardConfig, String, Function)} answers, or else one in memory that remembers values for
   * {@code window}, at most 100,000 of them.
   *
   * @param purpose names what the guard remembers, such as {@code webhooks-acme-tokens}, so that
   *     two kinds of value never collide in a shared store
   * @param window how long the in-memory guard remembers a value: at least twice the verifier's
   *     tolerance; a shared guard keeps its store's retention instead
   * @throws InvalidRequestException if {@code purpose} is blank, {@code window} is not positive, or
   *     the function answers null
   */
  public ReplayGuard replayGuard(String purpose, Duration window) {
    InvalidRequestException.requireName("purpose", purpose);
    InvalidRequestException.requirePositive("window", window);
    ReplayGuard guard = handedOut.get(purpose);
    if (guard == null) {
      guard = guards != null ? guards.apply(purpose) : ReplayGuard.inMemory(window, clock);
      if (guard == null) {
        throw InvalidRequestException.invalidField(
            "purpose", "the replay guard function answered null for " + purpose);
      }
      handedOut.put(purpose, guard);
    }
    return guard;
  }

  /** Records a problem the factory found itself, such as a value outside a vendor's choices. */
  public void problem(String key, String message) {
    Objects.requireNonNull(message, "message == null");
    if (message.isBlank()) {
      throw InvalidRequestException.invalidField(
          "message", "message must not be blank, was " + message);
    }
    read.problem(key(key), message);
  }

  /** Every problem recorded so far, in the order found. */
  public List<ConfigProblem> problems() {
    return read.problems();
  }

  /**
   * Throws if any problem was recorded.
   *
   * @throws ConfigurationException listing every problem
   */
  public void throwIfProblems() {
    read.throwIfProblems();
  }

  /** {@code WebhookVerifierContext[switchboard.webhooks.acme.]}; never a value. */
  @Override
  public String toString() {
    return "WebhookVerifierContext[" + prefix() + "]";
  }
}
