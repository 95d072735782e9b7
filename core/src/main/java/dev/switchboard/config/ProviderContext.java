package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.http.HttpClients;
import dev.switchboard.resilience.QuotaTracker;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.state.StateStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a provider factory gets to build its port: the provider's settings, scoped to {@code
 * switchboard.<port>.<provider>.}, its secrets, a clock, and a place to report problems.
 *
 * <p>Every accessor that meets a bad value records a {@link ConfigProblem} under the full key and
 * answers with a placeholder (the default, or an empty string), so a factory simply reads all it
 * needs and {@link ProviderRegistry} reports every problem of every provider in one {@link
 * ConfigurationException}.
 *
 * <pre>{@code
 * public PaymentGateway create(ProviderContext context) {
 *   return AcmeGateway.builder()
 *       .apiKey(context.secret("api-key"))                                // ${env:..}, ${file:..}
 *       .baseUrl(context.url("base-url", URI.create("https://api.acme.test")))
 *       .connectTimeout(context.duration("connect-timeout", Duration.ofSeconds(5)))
 *       .clock(context.clock())
 *       .build();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: a factory uses its context on one thread.
 */
public final class ProviderContext {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final Port port;
  private final String provider;
  private final Settings settings;
  private final StateStore state;
  private final ConfigKeys declared;
  private final List<Secret> secrets = new ArrayList<>();
  private final HttpClients httpClients;
  private ResilienceConfig resilience;

  ProviderContext(
      Port port,
      String provider,
      Settings settings,
      StateStore state,
      ConfigKeys declared,
      HttpClients httpClients) {
    this.port = port;
    this.provider = provider;
    this.settings = settings;
    this.state = state;
    this.declared = declared;
    this.httpClients = httpClients;
  }

  /**
   * A context of its own, for testing a factory: read its {@link #problems()} afterwards, or call
   * {@link #throwIfProblems()}.
   *
   * <pre>{@code
   * ProviderContext context = ProviderContext.create(config, Port.EMAIL, "acme-mail");
   * EmailSender sender = new AcmeMailFactory().create(context);
   * context.throwIfProblems();
   * }</pre>
   */
  public static ProviderContext create(SwitchboardConfig config, Port port, String provider) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    if (port == null) {
      throw new NullPointerException("port == null");
    }
    if (provider == null || !NAME.matcher(provider).matches()) {
      throw InvalidRequestException.invalidField(
          "provider",
          "provider must be lower-case letters, digits and '-', starting with a letter or digit,"
              + " was "
              + provider);
    }
    return new ProviderContext(
        port,
        provider,
        new Settings(config, new ArrayList<>()),
        null,
        ConfigKeys.undeclared(),
        null);
  }

  /**
   * A context of its own for testing {@code factory}: like {@link #create(SwitchboardConfig, Port,
   * String)}, and a read of a key the factory does not declare in {@link ProviderFactory#keys()} is
   * recorded as a problem, as under a registry.
   */
  public static ProviderContext create(
      SwitchboardConfig config, Port port, String provider, ProviderFactory<?> factory) {
    ProviderContext plain = create(config, port, provider);
    if (factory == null) {
      throw new NullPointerException("factory == null");
    }
    return new ProviderContext(
        port, provider, plain.settings, null, CoreKeys.provider(port).and(factory.keys()), null);
  }

  static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The provider's name, as listed in {@code switchboard.<port>.providers}. */
  public String provider() {
    return provider;
  }

  public Port port() {
    return port;
  }

  /** The prefix of the provider's keys, such as {@code switchboard.payments.acme-pay.}. */
  public String prefix() {
    return port.prefix(provider);
  }

  /** The full key of one of the provider's settings: {@code key("api-key")}. */
  public String key(String key) {
    if (key == null || key.isBlank()) {
      throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
    }
    return prefix() + key;
  }

  /**
   * The HTTP clients to derive the provider's client from: the application's own (from {@code
   * Switchboard.builder(config).httpClient(okHttpClient)}), else {@link HttpClients#shared()}. Hand
   * them to the adapter's builder ({@code .httpClients(context.httpClients())}) so its calls keep
   * the application's proxy, TLS settings, interceptors and event listeners.
   */
  public HttpClients httpClients() {
    return httpClients != null ? httpClients : HttpClients.shared();
  }

  /** The configuration's clock; hand it to whatever the factory builds. */
  public Clock clock() {
    return settings.config().clock();
  }

  /** A required setting, trimmed; records a problem and answers {@code ""} when it is not set. */
  public String string(String key) {
    declared(key);
    return settings.string(key(key));
  }

  /** An optional setting, trimmed; a blank value counts as not set. */
  public Optional<String> optionalString(String key) {
    declared(key);
    return settings.optionalString(key(key));
  }

  /** A comma-separated list, each item trimmed, empty items dropped; empty when not set. */
  public List<String> list(String key) {
    declared(key);
    return settings.list(key(key));
  }

  /** An {@code int}, or {@code defaultValue} when not set or not a number. */
  public int integer(String key, int defaultValue) {
    declared(key);
    return settings.integer(key(key), defaultValue);
  }

  /** A {@code long}, or {@code defaultValue} when not set or not a number. */
  public long longValue(String key, long defaultValue) {
    declared(key);
    return settings.longValue(key(key), defaultValue);
  }

  /** {@code true} or {@code false} in any case, or {@code defaultValue}. */
  public boolean bool(String key, boolean defaultValue) {
    declared(key);
    return settings.bool(key(key), defaultValue);
  }

  /**
   * A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 0}
   * or ISO-8601 such as {@code PT30S}; never negative. {@code defaultValue} when not set or bad.
   */
  public Duration duration(String key, Duration defaultValue) {
    declared(key);
    return settings.duration(key(key), defaultValue);
  }

  /**
   * An absolute {@code https} URL, or {@code http} for a loopback host (127.0.0.0/8, {@code [::1]},
   * {@code localhost}) such as a local vendor simulator; no user info. {@code defaultValue} when
   * not set or refused.
   */
  public URI url(String key, URI defaultValue) {
    declared(key);
    return settings.url(key(key), defaultValue);
  }

  /**
   * A secret, resolved now and re-read when it expires or is invalidated. The value must be a
   * reference such as {@code ${env:NAME}} when it sits in a properties file; a literal from the
   * environment, a system property or code is accepted. A placeholder is answered when the secret
   * cannot be resolved; no problem ever quotes the value.
   */
  public Secret secret(String key) {
    declared(key);
    Secret secret = settings.secret(key(key));
    secrets.add(secret);
    return secret;
  }

  /**
   * The value of a declared key, read as its declaration says: its default when not set (after a
   * problem when it is required), its default after a problem when it is bad. A secret key answers
   * the {@link Secret} ({@link #secret(String)}), or null when it is optional and not set.
   */
  public <T> T get(ConfigKey<T> key) {
    if (key == null) {
      throw new NullPointerException("key == null");
    }
    declared(key.name());
    T value = settings.read(key(key.name()), key);
    if (value instanceof Secret secret) {
      secrets.add(secret);
    }
    return value;
  }

  /** {@link #get(ConfigKey)} when the key is set; empty otherwise. */
  public <T> Optional<T> find(ConfigKey<T> key) {
    if (key == null) {
      throw new NullPointerException("key == null");
    }
    declared(key.name());
    return optionalString(key.name()).isPresent()
        ? Optional.ofNullable(get(key))
        : Optional.empty();
  }

  /** A factory that declares its keys reads only those: an undeclared read is a problem. */
  private void declared(String key) {
    if (declared.isDeclared() && key != null && !declared.contains(key)) {
      settings.problem(
          key(key),
          "is read by the " + port.key() + " provider's factory but not declared in its keys()");
    }
  }

  /** Records a problem the factory found itself, such as a value outside a vendor's choices. */
  public void problem(String key, String message) {
    if (message == null || message.isBlank()) {
      throw InvalidRequestException.invalidField(
          "message", "message must not be blank, was " + message);
    }
    settings.problem(key(key), message);
  }

  /**
   * The tracker of the vendor's rate-limit quota that this provider's policy will use: hand it to
   * the provider's HTTP client ({@code VendorHttpConfig.quota(context.quota())}) so that the
   * vendor's {@code X-RateLimit-*} headers slow the policy down before a 429.
   */
  public QuotaTracker quota() {
    return resilience().quotaTracker().orElseThrow();
  }

  /**
   * The provider's {@link ResilienceConfig}, from the keys it documents under {@link #prefix()}
   * ({@code retry.max-attempts}, {@code breaker.wait-in-open}, ...), with its defaults for the rest
   * and this context's clock. Parsed once; bad values are recorded under their full keys.
   */
  public ResilienceConfig resilience() {
    if (resilience == null) {
      resilience = parseResilience();
    }
    return resilience;
  }

  private ResilienceConfig parseResilience() {
    ResilienceConfig.Builder b =
        ResilienceConfig.builder().clock(clock()).sleeper(settings.config().sleeper());
    settings.config().probeExecutor().ifPresent(b::probeExecutor);
    ResilienceConfig defaults = b.build();
    for (ResilienceKeys.Binding<?> binding : ResilienceKeys.BINDINGS) {
      apply(b, binding);
    }
    if (port == Port.STORAGE && optionalString(ResilienceKeys.TIMEOUT_CALL.name()).isEmpty()) {
      // A put or get may rightly move bytes for minutes; stores end stalled calls on their
      // read and write timeouts (no bytes for N seconds) instead of a wall-clock cap.
      b.timeoutCall(Duration.ZERO);
    }
    boolean sharedLimit =
        settings.read(
            key(ResilienceKeys.RATE_LIMIT_SHARED.name()), ResilienceKeys.RATE_LIMIT_SHARED);
    ResilienceConfig parsed;
    try {
      parsed = b.build();
    } catch (InvalidRequestException e) {
      settings.problem(key(e.field().orElse("retry.max-delay")), e.reason());
      parsed = defaults;
    }
    ResilienceConfig.Builder result = parsed.toBuilder();
    if (state != null && state.shared()) {
      result.quotaTracker(
          QuotaTracker.shared(parsed.quotaReserve(), clock(), state.rates(), provider));
    } else {
      result.quotaTracker(QuotaTracker.create(parsed.quotaReserve(), clock()));
    }
    if (sharedLimit && state != null) {
      result.sharedRateLimit(state.rates());
    }
    return result.build();
  }

  /** The builder names the property in its exception; the problem gets the full key. */
  private <T> void apply(ResilienceConfig.Builder b, ResilienceKeys.Binding<T> binding) {
    String full = key(binding.key().name());
    if (settings.optionalString(full).isEmpty()) {
      return;
    }
    T value = settings.read(full, binding.key());
    if (value == null) {
      return;
    }
    try {
      binding.setter().accept(b, value);
    } catch (InvalidRequestException e) {
      settings.problem(full, e.reason());
    }
  }

  /** The secrets resolved through this context, in the order they were asked for. */
  public List<Secret> secrets() {
    return List.copyOf(secrets);
  }

  /** Every problem recorded so far, by this context and, under a registry, by the others. */
  public List<ConfigProblem> problems() {
    return List.copyOf(settings.problems());
  }

  /**
   * Throws if any problem was recorded.
   *
   * @throws ConfigurationException listing every problem
   */
  public void throwIfProblems() {
    if (!settings.problems().isEmpty()) {
      throw new ConfigurationException(settings.problems());
    }
  }

  /** {@code ProviderContext[switchboard.payments.acme-pay.]}. */
  @Override
  public String toString() {
    return "ProviderContext[" + prefix() + "]";
  }
}
