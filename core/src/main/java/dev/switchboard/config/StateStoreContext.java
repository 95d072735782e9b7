package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link dev.switchboard.state.StateStoreFactory} reads its settings through: the keys under
 * {@code switchboard.state.<store>.}, the shared retentions, and the clock. Bad values are recorded
 * as problems and answered with placeholders, so every problem is reported at once.
 *
 * <pre>{@code
 * String url = context.string("url");                 // switchboard.state.jdbc.url
 * Optional<Secret> password = context.optionalSecret("password");
 * Duration retention = context.ledgerRetention();     // switchboard.state.ledger.retention
 * }</pre>
 */
public final class StateStoreContext {
  /** The prefix of every state key. */
  public static final String PREFIX = "switchboard.state.";

  private final String store;
  private final Settings settings;
  private final Duration ledgerRetention;
  private final Duration replayRetention;

  StateStoreContext(
      String store, Settings settings, Duration ledgerRetention, Duration replayRetention) {
    this.store = store;
    this.settings = settings;
    this.ledgerRetention = ledgerRetention;
    this.replayRetention = replayRetention;
  }

  /** The store's name, as set in {@code switchboard.state.store}. */
  public String store() {
    return store;
  }

  /** The full key of one of the store's settings: {@code key("url")}. */
  public String key(String key) {
    if (key == null || key.isBlank()) {
      throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
    }
    return PREFIX + store + "." + key;
  }

  /** The configuration's clock; hand it to the store for retention and rate budgets. */
  public Clock clock() {
    return settings.config().clock();
  }

  /** {@code switchboard.state.ledger.retention}, default 7 days. */
  public Duration ledgerRetention() {
    return ledgerRetention;
  }

  /** {@code switchboard.state.replay.retention}, default 7 days. */
  public Duration replayRetention() {
    return replayRetention;
  }

  /** A required setting, trimmed; records a problem and answers {@code ""} when it is not set. */
  public String string(String key) {
    return settings.string(key(key));
  }

  /** A setting, trimmed; empty when not set or blank. */
  public Optional<String> optionalString(String key) {
    return settings.optionalString(key(key));
  }

  /** An integer; {@code defaultValue} when not set or not an integer. */
  public int integer(String key, int defaultValue) {
    return settings.integer(key(key), defaultValue);
  }

  /** {@code true} or {@code false}; {@code defaultValue} when not set or neither. */
  public boolean bool(String key, boolean defaultValue) {
    return settings.bool(key(key), defaultValue);
  }

  /**
   * Whether {@code host} names this machine's loopback (127.0.0.0/8, {@code [::1]}, {@code
   * localhost}) by its literal text, without a DNS look-up: the one rule by which a plain URL
   * without TLS or a secret reference is accepted.
   */
  public static boolean isLoopbackHost(String host) {
    return host != null && Settings.isLoopback(host);
  }

  /** A duration such as {@code 30s}; {@code defaultValue} when not set or bad. */
  public Duration duration(String key, Duration defaultValue) {
    return settings.duration(key(key), defaultValue);
  }

  /**
   * A secret (a reference such as {@code ${env:NAME}} in a properties file), resolved now and
   * re-read when it expires; a placeholder when it cannot be resolved.
   */
  public Secret secret(String key) {
    return settings.secret(key(key));
  }

  /** {@link #secret} when the key is set; empty otherwise. */
  public Optional<Secret> optionalSecret(String key) {
    return settings.config().get(key(key)).isPresent()
        ? Optional.of(secret(key))
        : Optional.empty();
  }

  /**
   * The value of a declared key under the store's prefix, read as its declaration says (see {@link
   * ProviderContext#get(ConfigKey)}).
   */
  public <T> T get(ConfigKey<T> key) {
    if (key == null) {
      throw new NullPointerException("key == null");
    }
    return settings.read(key(key.name()), key);
  }

  /** Records a problem the factory found itself, such as an unsupported URL scheme. */
  public void problem(String key, String message) {
    if (message == null || message.isBlank()) {
      throw InvalidRequestException.invalidField(
          "message", "message must not be blank, was " + message);
    }
    settings.problem(key(key), message);
  }

  @Override
  public String toString() {
    return "StateStoreContext{store=" + store + "}";
  }
}
