package dev.switchboard.deferred.internal;

import dev.switchboard.Redaction;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.ValueOrigin;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code switchboard.*} keys the way core's configuration does: a bad value is a {@link
 * ConfigProblem} naming the key and where its value came from (never quoting a secret), the default
 * stands in for it, and {@link #check()} throws every problem at once. The duration forms are
 * core's: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601.
 */
public final class DeferredSettings {
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d{1,15})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final String DURATION_FORMS = "a duration such as 500ms, 30s, 5m, 1h or PT30S";

  private final SwitchboardConfig config;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public DeferredSettings(SwitchboardConfig config) {
    this.config = config;
  }

  public Optional<String> string(String key) {
    return config.get(key).map(String::strip).filter(v -> !v.isEmpty());
  }

  public boolean bool(String key, boolean defaultValue) {
    return parsed(
        key,
        defaultValue,
        "true or false",
        v ->
            v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
                ? Optional.of(Boolean.parseBoolean(v))
                : Optional.empty());
  }

  /** An integer of at least {@code min}. */
  public int integer(String key, int defaultValue, int min) {
    int value =
        parsed(
            key,
            defaultValue,
            "an integer",
            v -> {
              try {
                return Optional.of(Integer.parseInt(v));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
    if (value < min) {
      problem(key, "must be at least " + min + ", was " + value);
      return defaultValue;
    }
    return value;
  }

  /** A non-negative long. */
  public long size(String key, long defaultValue) {
    long value =
        parsed(
            key,
            defaultValue,
            "a number of bytes",
            v -> {
              try {
                return Optional.of(Long.parseLong(v));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
    if (value < 0) {
      problem(key, "must not be negative, was " + value);
      return defaultValue;
    }
    return value;
  }

  /** A duration longer than zero. */
  public Duration positiveDuration(String key, Duration defaultValue) {
    Duration value = parsed(key, defaultValue, DURATION_FORMS, DeferredSettings::parseDuration);
    if (value.isZero() || value.isNegative()) {
      problem(key, "must be longer than zero, was " + value);
      return defaultValue;
    }
    return value;
  }

  /** The secret at {@code key}, when set; a problem when it cannot be resolved. */
  public Optional<Secret> secret(String key) {
    if (config.get(key).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(config.secret(key));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  public void problem(String key, String message) {
    problems.add(
        new ConfigProblem(
            key, config.origin(key).map(ValueOrigin::toString).orElse("not set"), message));
  }

  /**
   * @throws ConfigurationException listing every problem found
   */
  public void check() {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(List.copyOf(problems));
    }
  }

  private <T> T parsed(
      String key, T defaultValue, String expected, Function<String, Optional<T>> parser) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    Optional<T> parsed = parser.apply(value.get());
    if (parsed.isEmpty()) {
      problem(key, "must be " + expected + ", was " + Redaction.describe(value.get()));
      return defaultValue;
    }
    return parsed.get();
  }

  private static Optional<Duration> parseDuration(String value) {
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      try {
        return Optional.of(
            switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            });
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
