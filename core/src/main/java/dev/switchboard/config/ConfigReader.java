package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of full {@code switchboard.*} keys, for a module that adds settings of its own (such
 * as the deferred queue's): the same value forms as every other key (durations such as {@code
 * 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601; secret references such as
 * {@code ${env:NAME}}). A bad value is recorded as a problem naming the key and where its value
 * came from, never quoting it, and answered with the default, so one pass finds every problem and
 * {@link #throwIfProblems()} reports them all at once.
 *
 * <pre>{@code
 * ConfigReader read = ConfigReader.of(config);
 * int threads = read.integer("switchboard.deferred.threads", 4, 1);
 * Duration every = read.positiveDuration("switchboard.deferred.polling-interval", Duration.ofSeconds(5));
 * read.throwIfProblems();
 * }</pre>
 */
public final class ConfigReader {
  private final Settings settings;

  private ConfigReader(SwitchboardConfig config) {
    this.settings = new Settings(config, new ArrayList<>());
  }

  /** A reader of {@code config} with no problems recorded yet. */
  public static ConfigReader of(SwitchboardConfig config) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    return new ConfigReader(config);
  }

  /** The trimmed value of {@code key}; records a problem and answers {@code ""} when not set. */
  public String string(String key) {
    return settings.string(key);
  }

  /** The trimmed value of {@code key}; empty when it is not set or blank. */
  public Optional<String> optionalString(String key) {
    return settings.optionalString(key);
  }

  /** A comma-separated list, each item trimmed, empty items dropped; empty when not set. */
  public List<String> list(String key) {
    return settings.list(key);
  }

  /** {@code true} or {@code false} in any case. */
  public boolean bool(String key, boolean defaultValue) {
    return settings.bool(key, defaultValue);
  }

  /** An integer of at least {@code min}. */
  public int integer(String key, int defaultValue, int min) {
    int value = settings.integer(key, defaultValue);
    if (value < min) {
      settings.problem(key, "must be at least " + min + ", was " + value);
      return defaultValue;
    }
    return value;
  }

  /** A long of at least {@code min}. */
  public long longValue(String key, long defaultValue, long min) {
    long value = settings.longValue(key, defaultValue);
    if (value < min) {
      settings.problem(key, "must be at least " + min + ", was " + value);
      return defaultValue;
    }
    return value;
  }

  /** A duration, zero or longer; {@code defaultValue} (which may be null) when not set or bad. */
  public Duration duration(String key, Duration defaultValue) {
    return settings.duration(key, defaultValue);
  }

  /** A duration longer than zero. */
  public Duration positiveDuration(String key, Duration defaultValue) {
    Duration value = settings.duration(key, defaultValue);
    if (value.isZero() || value.isNegative()) {
      settings.problem(key, "must be longer than zero, was " + value);
      return defaultValue;
    }
    return value;
  }

  /**
   * An absolute {@code https} URL, or {@code http} for a loopback host, without user info; {@code
   * defaultValue} (which may be null) when not set or refused.
   */
  public URI url(String key, URI defaultValue) {
    return settings.url(key, defaultValue);
  }

  /**
   * The secret {@code key} refers to; a problem when it is not set or cannot be read, and then a
   * placeholder that fails when its value is asked for.
   */
  public Secret secret(String key) {
    return settings.secret(key);
  }

  /** The secret {@code key} refers to, when the key is set; a problem when it cannot be read. */
  public Optional<Secret> optionalSecret(String key) {
    return settings.config().get(key).isPresent()
        ? Optional.of(settings.secret(key))
        : Optional.empty();
  }

  /**
   * The value of the declared {@code key} under {@code prefix} (such as {@code
   * switchboard.deferred.}), read as its declaration says: its default when not set (after a
   * problem when it is required), its default after a problem when it is bad.
   */
  public <T> T get(String prefix, ConfigKey<T> key) {
    if (prefix == null || key == null) {
      throw new IllegalArgumentException("prefix and key must not be null");
    }
    return settings.read(prefix + key.name(), key);
  }

  /** Records a problem with the value of {@code key}. */
  public void problem(String key, String message) {
    settings.problem(key, message);
  }

  /** The problems recorded so far. */
  public List<ConfigProblem> problems() {
    return List.copyOf(settings.problems());
  }

  /**
   * @throws ConfigurationException listing every problem recorded, when there is one
   */
  public void throwIfProblems() {
    if (!settings.problems().isEmpty()) {
      throw new ConfigurationException(List.copyOf(settings.problems()));
    }
  }

  @Override
  public String toString() {
    return "ConfigReader{problems=" + settings.problems().size() + "}";
  }
}
