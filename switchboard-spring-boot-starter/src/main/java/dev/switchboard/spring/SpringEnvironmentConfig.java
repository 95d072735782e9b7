package dev.switchboard.spring;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SecretSource;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.ValueOrigin;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Reads the {@code switchboard.*} keys out of Spring's {@link ConfigurableEnvironment} into a
 * {@link SwitchboardConfig.Builder}, so that Switchboard sees what Spring would bind: every
 * property source in Spring's order ({@code application.properties} and YAML, profile files such as
 * {@code application-prod.properties}, environment variables, system properties, command-line
 * arguments, test properties), relaxed names ({@code SWITCHBOARD_PAYMENTS_PROVIDERS}, {@code
 * switchboard.payments.stripe.apiKey}) and YAML lists ({@code providers[0]}, {@code providers[1]}).
 *
 * <p>Values are read raw from the property sources, not through {@link
 * org.springframework.core.env.Environment#getProperty}: Spring would resolve a secret reference
 * such as <code>${env:STRIPE_API_KEY}</code> itself, as a property named {@code env} with the
 * default {@code STRIPE_API_KEY}, and Switchboard would get the variable's name instead of a
 * reference. A value that is a reference in one of Switchboard's secret schemes is handed over
 * untouched; any other <code>${...}</code> in a value is a Spring placeholder and is resolved by
 * Spring ({@code switchboard.payments.providers=${app.payment-vendors}}).
 *
 * <p>Each value keeps its origin for Switchboard's error messages and rules: a value from a
 * configuration file is a {@link ValueOrigin.Kind#CLASSPATH} or {@link ValueOrigin.Kind#FILE}
 * value, so a literal secret there is refused as in {@code switchboard.properties}; environment
 * variables and system properties are {@code ENV} and {@code SYSPROP}; anything else (command-line
 * arguments, test properties, default properties) is {@code PROGRAMMATIC}, named after its property
 * source.
 *
 * <pre>{@code
 * SwitchboardConfig config = SpringEnvironmentConfig.builder(environment).build();
 * }</pre>
 */
public final class SpringEnvironmentConfig {
  private static final String ROOT = "switchboard";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9-]*):(.+)}");
  private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");
  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private SpringEnvironmentConfig() {}

  /**
   * A builder holding every {@code switchboard.*} value of {@code environment}, with the built-in
   * secret schemes ({@code env}, {@code sysprop}, {@code file}) reading the process's live
   * environment and system properties.
   */
  public static SwitchboardConfig.Builder builder(ConfigurableEnvironment environment) {
    return builder(environment, List.of());
  }

  /**
   * {@link #builder(ConfigurableEnvironment)} with more secret sources, such as a vault client: a
   * value in one of their schemes is a reference too, and is handed over unresolved.
   */
  public static SwitchboardConfig.Builder builder(
      ConfigurableEnvironment environment, List<SecretSource> secretSources) {
    SwitchboardConfig.Builder builder =
        SwitchboardConfig.builder()
            .environment(SecretsOnly.environment())
            .systemProperties(SecretsOnly.systemProperties());
    secretSources.forEach(builder::secretSource);
    Set<String> schemes = builder.build().secretSchemes();
    values(environment, schemes).forEach(v -> builder.put(v.key(), v.value(), v.origin()));
    return builder;
  }

  /**
   * The {@code switchboard.*} values, the lowest precedence first, each under the key it was
   * written with (a YAML list joined with commas), with Spring placeholders resolved and secret
   * references in {@code secretSchemes} left as they are.
   *
   * @throws ConfigurationException naming each key whose Spring placeholder cannot be resolved
   */
  static List<Value> values(ConfigurableEnvironment environment, Set<String> secretSchemes) {
    List<PropertySource<?>> sources = new ArrayList<>();
    environment.getPropertySources().forEach(sources::add);
    Collections.reverse(sources);
    List<Value> values = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (PropertySource<?> source : sources) {
      if (source instanceof EnumerablePropertySource<?> enumerable
          && !"configurationProperties".equals(source.getName())) {
        read(enumerable, environment, secretSchemes, values, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return values;
  }

  private static void read(
      EnumerablePropertySource<?> source,
      ConfigurableEnvironment environment,
      Set<String> secretSchemes,
      List<Value> values,
      List<ConfigProblem> problems) {
    boolean env = source instanceof SystemEnvironmentPropertySource;
    Map<String, Value> plain = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
    Map<String, ValueOrigin> listOrigins = new LinkedHashMap<>();
    for (String name : source.getPropertyNames()) {
      if (!startsWithRoot(name)) {
        continue;
      }
      Object raw = source.getProperty(name);
      if (raw == null) {
        continue;
      }
      ValueOrigin origin = origin(source, name, env);
      String key = env ? name : canonical(name);
      String value;
      try {
        value = resolve(raw.toString(), environment, secretSchemes);
      } catch (IllegalArgumentException e) {
        // Spring's message quotes the whole value; the key and its origin are enough.
        problems.add(
            new ConfigProblem(
                key,
                origin.toString(),
                "holds a Spring placeholder that names no property; a secret reference needs a"
                    + " scheme Switchboard knows, such as ${env:NAME}"));
        continue;
      }
      Matcher indexed = INDEXED.matcher(key);
      if (!env && indexed.matches()) {
        lists
            .computeIfAbsent(indexed.group(1), k -> new TreeMap<>())
            .put(Integer.parseInt(indexed.group(2)), value);
        listOrigins.putIfAbsent(indexed.group(1), origin);
      } else {
        plain.put(key, new Value(key, value, origin));
      }
    }
    values.addAll(plain.values());
    lists.forEach(
        (key, items) ->
            values.add(new Value(key, String.join(",", items.values()), listOrigins.get(key))));
  }

  private static boolean startsWithRoot(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith(ROOT + ".") || lower.startsWith(ROOT + "_");
  }

  /**
   * A Spring property name in Switchboard's dashed form: {@code apiKey} becomes {@code api-key};
   * case does not matter to Switchboard, dots, dashes and underscores are alike to it.
   */
  static String canonical(String name) {
    return CAMEL_HUMP.matcher(name).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * Keeps a secret reference as it is; resolves Spring placeholders in anything else. A whole value
   * <code>${name:...}</code> is a secret reference when {@code name} is one of Switchboard's
   * schemes, and also when it is shaped like one (no dots) and names no Spring property: then it is
   * most likely a reference with a misspelt or missing scheme, which Switchboard reports, where
   * Spring would quietly use the text after the colon as a default.
   */
  static String resolve(String raw, ConfigurableEnvironment environment, Set<String> schemes) {
    Matcher reference = REFERENCE.matcher(raw.strip());
    if (reference.matches()
        && (schemes.contains(reference.group(1))
            || !environment.containsProperty(reference.group(1)))) {
      return raw;
    }
    return raw.contains("${") ? environment.resolveRequiredPlaceholders(raw) : raw;
  }

  private static ValueOrigin origin(EnumerablePropertySource<?> source, String name, boolean env) {
    if (env) {
      return new ValueOrigin(ValueOrigin.Kind.ENV, name);
    }
    if (StandardSources.SYSTEM_PROPERTIES.equals(source.getName())) {
      return new ValueOrigin(ValueOrigin.Kind.SYSPROP, name);
    }
    if (source instanceof OriginLookup<?>) {
      @SuppressWarnings("unchecked")
      Origin origin = ((OriginLookup<String>) source).getOrigin(name);
      if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
        Resource resource = text.getResource();
        String line =
            text.getLocation() == null ? "" : " line " + (text.getLocation().getLine() + 1);
        if (resource instanceof ClassPathResource classPath) {
          return new ValueOrigin(ValueOrigin.Kind.CLASSPATH, classPath.getPath() + line);
        }
        String where = resource.isFile() ? fileName(resource) : resource.getDescription();
        return new ValueOrigin(ValueOrigin.Kind.FILE, where + line);
      }
    }
    return new ValueOrigin(ValueOrigin.Kind.PROGRAMMATIC, source.getName());
  }

  private static String fileName(Resource resource) {
    try {
      return resource.getFile().getPath();
    } catch (IOException e) {
      return resource.getDescription();
    }
  }

  /** One value as read, under the key it was written with. */
  record Value(String key, String value, ValueOrigin origin) {}

  /** The property source names Spring gives the JVM's own sources. */
  private static final class StandardSources {
    static final String SYSTEM_PROPERTIES = "systemProperties";
  }

  /**
   * The process's environment and system properties as the {@code env} and {@code sysprop} secret
   * schemes read them, live, without listing any entry: Spring's property sources already bring the
   * {@code SWITCHBOARD_*} variables and {@code switchboard.*} properties in at their own
   * precedence, and {@link SwitchboardConfig.Builder} would otherwise add them a second time above
   * command-line arguments and test properties.
   */
  private static final class SecretsOnly {
    static Map<String, String> environment() {
      return new AbstractMap<>() {
        @Override
        public Set<Entry<String, String>> entrySet() {
          return Set.of();
        }

        @Override
        public String get(Object key) {
          return key instanceof String name ? System.getenv(name) : null;
        }

        @Override
        public boolean containsKey(Object key) {
          return get(key) != null;
        }

        @Override
        public String toString() {
          return "the process's environment";
        }
      };
    }

    static Properties systemProperties() {
      return new LiveSystemProperties();
    }
  }

  /** Reads through to {@link System#getProperty}, and lists nothing. */
  private static final class LiveSystemProperties extends Properties {
    private static final long serialVersionUID = 1L;

    @Override
    public String getProperty(String key) {
      return System.getProperty(key);
    }

    @Override
    public String getProperty(String key, String defaultValue) {
      return System.getProperty(key, defaultValue);
    }

    @Override
    public Set<String> stringPropertyNames() {
      return Set.of();
    }

    @Override
    public synchronized String toString() {
      return "the JVM's system properties";
    }
  }
}
