package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The declaration of one configuration key: its name relative to the prefix of whoever reads it,
 * its type, its default, whether it is a secret, and what it means. The declaration is the one
 * place a key is written down: the readers parse and validate through it ({@link
 * ProviderContext#get(ConfigKey)}), the unknown-key check accepts exactly the declared keys, and
 * {@link ConfigKeyCatalog} lists them for the README's tables and for IDE metadata.
 *
 * <pre>{@code
 * static final ConfigKey<Secret> API_KEY =
 *     ConfigKey.secret("api-key", "the account's API key").required();
 * static final ConfigKey<Duration> CONNECT_TIMEOUT =
 *     ConfigKey.duration("connect-timeout", null, "TCP connect timeout").defaultText("5s");
 *
 * Secret apiKey = context.get(API_KEY);          // switchboard.payments.acme-pay.api-key
 * }</pre>
 *
 * <p>Immutable; the modifiers answer a copy.
 *
 * @param <T> the value's Java type
 */
public final class ConfigKey<T> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");

  /** The value forms a key can take. */
  public enum Type {
    /** Text, trimmed; a blank value counts as not set. */
    STRING("java.lang.String"),
    /** A comma-separated list, each item trimmed, empty items dropped. */
    LIST("java.util.List<java.lang.String>"),
    /** A 32-bit integer. */
    INTEGER("java.lang.Integer"),
    /** A 64-bit integer. */
    LONG("java.lang.Long"),
    /** A finite decimal number. */
    DECIMAL("java.lang.Float"),
    /** {@code true} or {@code false} in any case. */
    BOOLEAN("java.lang.Boolean"),
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 0} or ISO-8601. */
    DURATION("java.time.Duration"),
    /** An absolute {@code https} URL, or {@code http} on a loopback host. */
    URL("java.net.URI"),
    /** A secret reference such as {@code ${env:NAME}}. */
    SECRET("java.lang.String");

    private final String javaType;

    Type(String javaType) {
      this.javaType = javaType;
    }

    /** The Java type an IDE shows for the key, such as {@code java.time.Duration}. */
    public String javaType() {
      return javaType;
    }
  }

  private final String name;
  private final Type type;
  private final T defaultValue;
  private final String defaultText;
  private final boolean required;
  private final Long min;
  private final List<String> choices;
  private final String description;

  private ConfigKey(
      String name,
      Type type,
      T defaultValue,
      String defaultText,
      boolean required,
      Long min,
      List<String> choices,
      String description) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.required = required;
    this.min = min;
    this.choices = choices;
    this.description = description;
  }

  private static <T> ConfigKey<T> of(Type type, String name, T defaultValue, String description) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw InvalidRequestException.invalidField(
          "name",
          "a key's name is dot-separated parts of lower-case letters, digits and '-', was " + name);
    }
    if (description == null || description.isBlank()) {
      throw InvalidRequestException.invalidField(
          "description", "the key " + name + " needs a description");
    }
    return new ConfigKey<>(
        name, type, defaultValue, null, false, null, List.of(), description.strip());
  }

  /** Text; empty when not set, unless a default is given. */
  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return of(Type.STRING, name, defaultValue, description);
  }

  /** A comma-separated list; an empty list when not set. */
  public static ConfigKey<List<String>> list(String name, String description) {
    return of(Type.LIST, name, List.of(), description);
  }

  /** An {@code int}; {@code defaultValue} (which may be null) when not set or bad. */
  public static ConfigKey<Integer> integer(String name, Integer defaultValue, String description) {
    return of(Type.INTEGER, name, defaultValue, description);
  }

  /** A {@code long}; {@code defaultValue} (which may be null) when not set or bad. */
  public static ConfigKey<Long> longValue(String name, Long defaultValue, String description) {
    return of(Type.LONG, name, defaultValue, description);
  }

  /** A finite {@code float}; {@code defaultValue} when not set or bad. */
  public static ConfigKey<Float> decimal(String name, Float defaultValue, String description) {
    return of(Type.DECIMAL, name, defaultValue, description);
  }

  /** {@code true} or {@code false}; {@code defaultValue} when not set or bad. */
  public static ConfigKey<Boolean> bool(String name, Boolean defaultValue, String description) {
    return of(Type.BOOLEAN, name, defaultValue, description);
  }

  /** A duration, never negative; {@code defaultValue} (which may be null) when not set or bad. */
  public static ConfigKey<Duration> duration(
      String name, Duration defaultValue, String description) {
    return of(Type.DURATION, name, defaultValue, description);
  }

  /** An absolute URL; {@code defaultValue} (which may be null) when not set or refused. */
  public static ConfigKey<URI> url(String name, URI defaultValue, String description) {
    return of(Type.URL, name, defaultValue, description);
  }

  /** A secret: a reference such as {@code ${env:NAME}} in a file, never shown. */
  public static ConfigKey<Secret> secret(String name, String description) {
    return of(Type.SECRET, name, null, description);
  }

  /** A copy that must be set: a missing value is a problem. */
  public ConfigKey<T> required() {
    return new ConfigKey<>(name, type, defaultValue, defaultText, true, min, choices, description);
  }

  /**
   * A copy whose default is documented as {@code text}, for a default that is not a constant (such
   * as {@code the HTTP layer's 5s} or {@code the environment's}).
   */
  public ConfigKey<T> defaultText(String text) {
    if (text == null || text.isBlank()) {
      throw InvalidRequestException.invalidField("defaultText", "defaultText must not be blank");
    }
    return new ConfigKey<>(name, type, defaultValue, text, required, min, choices, description);
  }

  /** A copy of an {@link Type#INTEGER} or {@link Type#LONG} key that refuses values below min. */
  public ConfigKey<T> min(long min) {
    if (type != Type.INTEGER && type != Type.LONG) {
      throw InvalidRequestException.invalidField("min", name + " is not an integer key");
    }
    return new ConfigKey<>(
        name, type, defaultValue, defaultText, required, min, choices, description);
  }

  /**
   * A copy of a {@link Type#STRING} key that accepts only these values (compared ignoring case,
   * answered in lower case).
   */
  public ConfigKey<T> oneOf(String... choices) {
    if (type != Type.STRING || choices == null || choices.length == 0) {
      throw InvalidRequestException.invalidField("choices", name + " is not a text key");
    }
    return new ConfigKey<>(
        name, type, defaultValue, defaultText, required, min, List.of(choices), description);
  }

  /** The name relative to the reader's prefix, such as {@code retry.max-attempts}. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  /** The typed default; null when there is none. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The default as the README writes it: the {@link #defaultText(String) text} given, else {@code
   * required} for a required key, else the default in its configuration form ({@code 500ms}, {@code
   * 3}, {@code true}), else {@code none}.
   */
  public String documentedDefault() {
    if (defaultText != null) {
      return defaultText;
    }
    if (required) {
      return "required";
    }
    return format(defaultValue).orElse(type == Type.LIST ? "empty" : "none");
  }

  /** The default in its configuration form, for IDE metadata; empty when there is none. */
  public Optional<String> defaultForm() {
    return format(defaultValue);
  }

  private static Optional<String> format(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Duration d) {
      return Optional.of(formatDuration(d));
    }
    if (value instanceof List<?> l) {
      return l.isEmpty()
          ? Optional.empty()
          : Optional.of(String.join(",", l.stream().map(String::valueOf).toList()));
    }
    if (value instanceof Float f && f == Math.rint(f)) {
      return Optional.of(String.valueOf(f.longValue()));
    }
    return Optional.of(String.valueOf(value));
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or {@code 0}. */
  public static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s % 60 != 0) {
      return s + "s";
    }
    long m = s / 60;
    if (m % 60 != 0) {
      return m + "m";
    }
    long h = m / 60;
    return h % 24 != 0 ? h + "h" : (h / 24) + "d";
  }

  public boolean isRequired() {
    return required;
  }

  /** Whether the value is a secret: read through a secret source and never shown. */
  public boolean isSecret() {
    return type == Type.SECRET;
  }

  /** The least value of an integer key; empty when any is accepted. */
  public Optional<Long> minimum() {
    return Optional.ofNullable(min);
  }

  /** The only values a text key accepts; empty when any is. */
  public List<String> choices() {
    return choices;
  }

  /** What the key means, in a sentence. */
  public String description() {
    return description;
  }

  /** Whether {@code value} is one of the {@link #choices()}, ignoring case. */
  boolean accepts(String value) {
    return choices.isEmpty() || choices.contains(value.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigKey<?> other
        && name.equals(other.name)
        && type == other.type
        && Objects.equals(defaultValue, other.defaultValue)
        && Objects.equals(defaultText, other.defaultText)
        && required == other.required
        && Objects.equals(min, other.min)
        && choices.equals(other.choices)
        && description.equals(other.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, defaultValue, required);
  }

  /** {@code ConfigKey[retry.max-attempts: INTEGER, default 3]}; a secret's value is never held. */
  @Override
  public String toString() {
    return "ConfigKey[" + name + ": " + type + ", default " + documentedDefault() + "]";
  }
}
