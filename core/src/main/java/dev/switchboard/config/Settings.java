package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of full keys. A bad value is recorded as a problem and answered with a placeholder,
 * so that one pass over a configuration finds every problem. A problem shows a bad value only
 * through {@link Redaction#describe}, since a key pasted under the wrong name must not be echoed.
 */
final class Settings {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9-]*):(.+)}");
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d{1,15})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern USER_INFO = Pattern.compile("(://)[^/@]*@");
  private static final String DURATION_FORMS = "a duration such as 500ms, 30s, 5m, 1h or PT30S";

  private final SwitchboardConfig config;
  private final List<ConfigProblem> problems;

  Settings(SwitchboardConfig config, List<ConfigProblem> problems) {
    this.config = config;
    this.problems = problems;
  }

  SwitchboardConfig config() {
    return config;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  void problem(String key, String message) {
    problems.add(new ConfigProblem(key, source(key), message));
  }

  private String source(String key) {
    return config.origin(key).map(ValueOrigin::toString).orElse("not set");
  }

  /**
   * The value of {@code fullKey} read as its declaration says: the declared default when it is not
   * set (a problem first when it is required), the default after a problem when it is bad.
   */
  @SuppressWarnings("unchecked")
  <T> T read(String fullKey, ConfigKey<T> key) {
    boolean set = optionalString(fullKey).isPresent();
    if (!set) {
      if (key.isRequired()) {
        if (key.isSecret()) {
          return (T) secret(fullKey);
        }
        string(fullKey);
      }
      return key.defaultValue();
    }
    Object value =
        switch (key.type()) {
          case STRING -> choice(fullKey, (ConfigKey<String>) key);
          case LIST -> list(fullKey);
          case INTEGER ->
              atLeast(fullKey, key, (Integer) key.defaultValue(), integerOrNull(fullKey));
          case LONG -> atLeast(fullKey, key, (Long) key.defaultValue(), longOrNull(fullKey));
          case DECIMAL -> decimal(fullKey, orZero((Float) key.defaultValue()));
          case BOOLEAN -> bool(fullKey, Boolean.TRUE.equals(key.defaultValue()));
          case DURATION -> duration(fullKey, (Duration) key.defaultValue());
          case URL -> url(fullKey, (URI) key.defaultValue());
          case SECRET -> secret(fullKey);
        };
    return (T) value;
  }

  private static float orZero(Float value) {
    return value == null ? 0f : value;
  }

  private String choice(String fullKey, ConfigKey<String> key) {
    String value = optionalString(fullKey).orElseThrow();
    if (key.accepts(value)) {
      return key.choices().isEmpty() ? value : value.toLowerCase(Locale.ROOT);
    }
    problem(
        fullKey,
        "must be one of "
            + String.join(", ", key.choices())
            + ", was "
            + Redaction.describe(value));
    return key.defaultValue();
  }

  private Integer integerOrNull(String key) {
    return parsed(key, null, "an integer", v -> attempt(() -> Integer.parseInt(v)));
  }

  private Long longOrNull(String key) {
    return parsed(key, null, "an integer", v -> attempt(() -> Long.parseLong(v)));
  }

  private <N extends Number> N atLeast(String fullKey, ConfigKey<?> key, N defaultValue, N value) {
    if (value == null) {
      return defaultValue;
    }
    if (key.minimum().isPresent() && value.longValue() < key.minimum().get()) {
      problem(fullKey, "must be at least " + key.minimum().get() + ", was " + value);
      return defaultValue;
    }
    return value;
  }

  /** The trimmed value; a blank value counts as not set. */
  Optional<String> optionalString(String key) {
    return config.get(key).map(String::strip).filter(value -> !value.isEmpty());
  }

  String string(String key) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty()) {
      problem(key, "is required but not set");
      return "";
    }
    return value.get();
  }

  List<String> list(String key) {
    return optionalString(key)
        .map(
            value ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(item -> !item.isEmpty())
                    .toList())
        .orElse(List.of());
  }

  int integer(String key, int defaultValue) {
    return parsed(key, defaultValue, "an integer", v -> attempt(() -> Integer.parseInt(v)));
  }

  long longValue(String key, long defaultValue) {
    return parsed(key, defaultValue, "an integer", v -> attempt(() -> Long.parseLong(v)));
  }

  float decimal(String key, float defaultValue) {
    return parsed(
        key,
        defaultValue,
        "a number",
        v -> attempt(() -> Float.parseFloat(v)).filter(f -> Float.isFinite(f)));
  }

  boolean bool(String key, boolean defaultValue) {
    return parsed(
        key,
        defaultValue,
        "true or false",
        v ->
            v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
                ? Optional.of(Boolean.parseBoolean(v))
                : Optional.empty());
  }

  /**
   * The value under {@code key} as {@code parser} reads it; the default when the key is absent, and
   * also when the value cannot be read, after recording a problem that says what it must be.
   */
  private <T> T parsed(
      String key, T defaultValue, String expected, Function<String, Optional<T>> parser) {
    Optional<String> value = optionalString(key);
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

  private static <T> Optional<T> attempt(Supplier<T> parse) {
    try {
      return Optional.of(parse.get());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Duration duration(String key, Duration defaultValue) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    Optional<Duration> parsed = parseDuration(value.get());
    if (parsed.isEmpty()) {
      problem(key, "must be " + DURATION_FORMS + ", was " + Redaction.describe(value.get()));
      return defaultValue;
    }
    if (parsed.get().isNegative()) {
      problem(key, "must not be negative, was " + Redaction.describe(value.get()));
      return defaultValue;
    }
    return parsed.get();
  }

  private static Optional<Duration> parseDuration(String value) {
    if (value.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher shortForm = SHORT_DURATION.matcher(value);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      try {
        return Optional.of(
            switch (shortForm.group(2).toLowerCase(Locale.ROOT)) {
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

  URI url(String key, URI defaultValue) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    String shown = Redaction.describe(USER_INFO.matcher(value.get()).replaceFirst("$1***@"));
    URI uri;
    try {
      uri = new URI(value.get());
    } catch (URISyntaxException e) {
      problem(key, "must be an absolute URL such as https://api.example.com, was " + shown);
      return defaultValue;
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      problem(key, "must be an absolute URL such as https://api.example.com, was " + shown);
      return defaultValue;
    }
    if (uri.getRawUserInfo() != null) {
      problem(key, "must not carry credentials; put them in a secret, was " + shown);
      return defaultValue;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()))) {
      return uri;
    }
    problem(
        key,
        "must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1,"
            + " localhost), was "
            + shown);
    return defaultValue;
  }

  /** Decides on the literal alone: a host name other than localhost is never looked up. */
  static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    Matcher ipv4 = IPV4.matcher(bare);
    if (ipv4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(ipv4.group(i)) > 255) {
          return false;
        }
      }
      return ipv4.group(1).equals("127");
    }
    if (bare.contains(":")) {
      try {
        return InetAddress.getByName(bare).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * Resolves a secret. A reference is read through its source; a literal is refused in a properties
   * file, and allowed from the environment, a system property or code. No message quotes the value.
   */
  Secret secret(String key) {
    Optional<SwitchboardConfig.Entry> entry = config.entry(key);
    String value = entry.map(e -> e.value().strip()).orElse("");
    Secret placeholder = Secret.unresolved(key);
    if (value.isEmpty()) {
      problem(key, "is required: set it to a secret reference such as ${env:NAME}");
      return placeholder;
    }
    ValueOrigin origin = entry.get().origin();
    Matcher reference = REFERENCE.matcher(value);
    if (reference.matches()) {
      return read(key, reference.group(1), reference.group(2).strip()).orElse(placeholder);
    }
    if (value.startsWith("${")) {
      problem(
          key, "is not a valid secret reference; write ${scheme:reference}, such as ${env:NAME}");
      return placeholder;
    }
    if (origin.isFile()) {
      problem(key, "must be a secret reference such as ${env:NAME}, not a literal");
      return placeholder;
    }
    return switch (origin.kind()) {
      case ENV -> read(key, "env", origin.location()).orElse(placeholder);
      case SYSPROP -> read(key, "sysprop", origin.location()).orElse(placeholder);
      default -> Secret.fixed("literal:" + key, value);
    };
  }

  private Optional<Secret> read(String key, String scheme, String reference) {
    Optional<SecretSource> source = config.secretSource(scheme);
    if (source.isEmpty()) {
      problem(
          key,
          "refers to unknown secret scheme '"
              + scheme
              + "'; known schemes: "
              + String.join(", ", config.secretSchemes()));
      return Optional.empty();
    }
    try {
      return Optional.of(Secret.read(source.get(), reference, config.clock(), config.secretTtl()));
    } catch (InvalidRequestException e) {
      problem(key, e.reason());
      return Optional.empty();
    }
  }
}
