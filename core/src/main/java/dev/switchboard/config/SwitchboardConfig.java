package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Switchboard's settings, merged from several sources. From the lowest precedence to the highest:
 * defaults set in code ({@link Builder#putDefault}), {@code switchboard.properties} (from the
 * classpath or a path), environment variables, system properties, values set in code ({@link
 * Builder#put}). A later source wins: what the application sets in code is what it gets, and what
 * it offers as a default yields to every deployment source.
 *
 * <p>An environment variable stands for the key whose upper-case form, with {@code .} and {@code -}
 * turned into {@code _}, is its name: {@code SWITCHBOARD_PAYMENTS_PROVIDERS} overrides {@code
 * switchboard.payments.providers}, {@code SWITCHBOARD_EMAIL_ACME_MAIL_API_KEY} overrides {@code
 * switchboard.email.acme-mail.api-key}. Keys are looked up in that form, so every spelling finds
 * the same value. Only variables and system properties that start with {@code SWITCHBOARD_} or
 * {@code switchboard.} are read.
 *
 * <pre>{@code
 * SwitchboardConfig config = SwitchboardConfig.load();                 // classpath, env, sysprops
 * SwitchboardConfig fromFile = SwitchboardConfig.load(Path.of("/etc/app/switchboard.properties"));
 * SwitchboardConfig forTests = SwitchboardConfig.builder()
 *     .put("switchboard.payments.providers", "fake")                  // wins over the env
 *     .putDefault("switchboard.payments.fake.retry.max-attempts", "2") // the env may override
 *     .environment(Map.of("SWITCHBOARD_PAYMENTS_PROVIDERS", "fake,backup"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. Each value remembers its {@link ValueOrigin} for error messages. {@link
 * #toString()} lists the sources and keys, never a value. Properties files are read as UTF-8.
 */
public final class SwitchboardConfig {
  /** The resource {@link #load()} looks for on the classpath. */
  public static final String DEFAULT_RESOURCE = "switchboard.properties";

  private static final String ENV_PREFIX = "SWITCHBOARD_";
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9-]*");

  /** A winning value under the key it is best known by. */
  record Entry(String key, String value, ValueOrigin origin) {}

  private final Map<String, Entry> entries;
  private final List<String> sources;
  private final Map<String, SecretSource> secretSources;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Executor probeExecutor;
  private final Duration secretTtl;

  private SwitchboardConfig(
      Map<String, Entry> entries,
      List<String> sources,
      Map<String, SecretSource> secretSources,
      Clock clock,
      Sleeper sleeper,
      Executor probeExecutor,
      Duration secretTtl) {
    this.entries = entries;
    this.sources = sources;
    this.secretSources = secretSources;
    this.clock = clock;
    this.sleeper = sleeper;
    this.probeExecutor = probeExecutor;
    this.secretTtl = secretTtl;
  }

  /**
   * {@code switchboard.properties} from the classpath if there is one, then the process's
   * environment, then its system properties.
   *
   * @throws ConfigurationException if the resource cannot be read or a secret source clashes
   */
  public static SwitchboardConfig load() {
    return builder()
        .classpathResource(DEFAULT_RESOURCE)
        .environment(System.getenv())
        .systemProperties(System.getProperties())
        .build();
  }

  /**
   * The properties file at {@code file}, then the process's environment, then its system
   * properties.
   *
   * @throws ConfigurationException if the file cannot be read; the problem names the path
   */
  public static SwitchboardConfig load(Path file) {
    return builder()
        .file(file)
        .environment(System.getenv())
        .systemProperties(System.getProperties())
        .build();
  }

  /** Only the given values, as if set in code: no file, no environment, no system properties. */
  public static SwitchboardConfig fromMap(Map<String, String> values) {
    return builder().putAll(values).build();
  }

  /**
   * A builder with no sources at all; unlike {@link #load()} it reads neither the process's
   * environment nor its system properties unless they are handed to it.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Upper-case, with {@code .} and {@code -} turned into {@code _}: the environment's form. */
  static String normalise(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value of {@code key} from the source with the highest precedence, as written there. */
  public Optional<String> get(String key) {
    return entry(key).map(Entry::value);
  }

  /** Where the value of {@code key} came from. */
  public Optional<ValueOrigin> origin(String key) {
    return entry(key).map(Entry::origin);
  }

  Optional<Entry> entry(String key) {
    if (key == null || key.isBlank()) {
      throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
    }
    return Optional.ofNullable(entries.get(normalise(key)));
  }

  /**
   * Every key set in any source, sorted. An environment variable appears under the key of a file,
   * system property or value in code that it overrides; otherwise in lower case with {@code _}
   * turned into {@code .}, as in {@code switchboard.payments.providers}.
   */
  public SortedSet<String> keys() {
    TreeSet<String> keys = new TreeSet<>();
    entries.values().forEach(e -> keys.add(e.key()));
    return Collections.unmodifiableSortedSet(keys);
  }

  /**
   * The keys that start with {@code prefix} (compared in the environment's form) and their values;
   * the same sources, secret sources and clock.
   */
  public SwitchboardConfig subset(String prefix) {
    if (prefix == null) {
      throw new NullPointerException("prefix == null");
    }
    String normalised = normalise(prefix);
    Map<String, Entry> kept = new HashMap<>();
    entries.forEach(
        (key, entry) -> {
          if (key.startsWith(normalised)) {
            kept.put(key, entry);
          }
        });
    return new SwitchboardConfig(
        Collections.unmodifiableMap(kept),
        sources,
        secretSources,
        clock,
        sleeper,
        probeExecutor,
        secretTtl);
  }

  /** Whether any key starts with {@code prefix}, compared in the environment's form. */
  boolean hasKeysUnder(String prefix) {
    String normalised = normalise(prefix);
    return entries.keySet().stream().anyMatch(key -> key.startsWith(normalised));
  }

  /** The clock that secrets and providers use. Default: the system UTC clock. */
  public Clock clock() {
    return clock;
  }

  /** How the providers' policies wait (retry back-off, quota pauses). Default: really sleeping. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Where the providers' policies run their health probes; empty for the default, two shared daemon
   * threads.
   */
  public Optional<Executor> probeExecutor() {
    return Optional.ofNullable(probeExecutor);
  }

  /** How long a secret's value is used before it is read again. Default 5 minutes. */
  public Duration secretTtl() {
    return secretTtl;
  }

  /** The schemes a secret reference may use, such as {@code env}, {@code file}, {@code sysprop}. */
  public SortedSet<String> secretSchemes() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(secretSources.keySet()));
  }

  Optional<SecretSource> secretSource(String scheme) {
    return Optional.ofNullable(secretSources.get(scheme));
  }

  /**
   * Resolves the secret at {@code key}, for code that reads a credential without a provider
   * factory.
   *
   * @throws ConfigurationException if the key is not set, names an unknown scheme or a source that
   *     has nothing, or holds a literal in a properties file
   */
  public Secret secret(String key) {
    List<ConfigProblem> problems = new ArrayList<>();
    Secret secret = new Settings(this, problems).secret(key);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return secret;
  }

  /** The sources and the keys, never a value. */
  @Override
  public String toString() {
    return "SwitchboardConfig{sources=" + sources + ", keys=" + keys() + "}";
  }

  /**
   * Builds a {@link SwitchboardConfig}. Every source is optional; {@link #build()} reads the files
   * and reports every file that cannot be read in one {@link ConfigurationException}.
   */
  public static final class Builder {
    private record FileSource(Path path, String resource) {}

    private final Map<String, String> programmatic = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final List<Entry> sourced = new ArrayList<>();
    private final List<FileSource> files = new ArrayList<>();
    private final Map<String, SecretSource> secretSources = new LinkedHashMap<>();
    private Map<String, String> environment = Map.of();
    private Properties systemProperties = new Properties();
    private boolean discoverSecretSources = true;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.real();
    private Executor probeExecutor;
    private Duration secretTtl = Secret.DEFAULT_TTL;

    private Builder() {}

    /**
     * A value set in code; the highest precedence, above system properties, the environment and
     * files. Literal secrets are allowed here. For a value that deployment sources may override,
     * use {@link #putDefault}.
     */
    public Builder put(String key, String value) {
      requireEntry(key, value);
      programmatic.put(key, value);
      return this;
    }

    /**
     * A default set in code; the lowest precedence, below files, the environment and system
     * properties, which all override it. Literal secrets are allowed here.
     */
    public Builder putDefault(String key, String value) {
      requireEntry(key, value);
      defaults.put(key, value);
      return this;
    }

    /** {@link #putDefault} for each entry. */
    public Builder putAllDefaults(Map<String, String> values) {
      if (values == null) {
        throw new NullPointerException("values == null");
      }
      values.forEach(this::putDefault);
      return this;
    }

    private static void requireEntry(String key, String value) {
      if (key == null || key.isBlank()) {
        throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
      }
      if (value == null) {
        throw new NullPointerException("the value of " + key + " == null");
      }
    }

    /**
     * A value that a source this builder does not read itself supplied, such as a framework's
     * property sources, with the origin that error messages name. The origin also decides, as for
     * the builder's own sources, whether a literal secret is refused there ({@link
     * ValueOrigin#isFile()}). These values rank above {@link #putDefault} and below files, the
     * environment, system properties and {@link #put(String, String)}; among themselves a later one
     * wins.
     */
    public Builder put(String key, String value, ValueOrigin origin) {
      if (key == null || key.isBlank()) {
        throw InvalidRequestException.invalidField("key", "key must not be blank, was " + key);
      }
      if (value == null) {
        throw new NullPointerException("the value of " + key + " == null");
      }
      if (origin == null) {
        throw new NullPointerException("origin == null");
      }
      sourced.add(new Entry(key, value, origin));
      return this;
    }

    /** {@link #put} for each entry. */
    public Builder putAll(Map<String, String> values) {
      if (values == null) {
        throw new NullPointerException("values == null");
      }
      values.forEach(this::put);
      return this;
    }

    /** A properties resource on the classpath; ignored when there is none. */
    public Builder classpathResource(String resource) {
      if (resource == null || resource.isBlank()) {
        throw InvalidRequestException.invalidField(
            "resource", "resource must not be blank, was " + resource);
      }
      files.add(new FileSource(null, resource));
      return this;
    }

    /** A properties file that must exist; a later file wins over an earlier one. */
    public Builder file(Path file) {
      if (file == null) {
        throw new NullPointerException("file == null");
      }
      files.add(new FileSource(file, null));
      return this;
    }

    /**
     * The environment, such as {@link System#getenv()}. Kept by reference: {@code ${env:..}}
     * secrets are read from it again when they expire. Default: empty.
     */
    public Builder environment(Map<String, String> environment) {
      if (environment == null) {
        throw new NullPointerException("environment == null");
      }
      this.environment = environment;
      return this;
    }

    /**
     * The system properties, such as {@link System#getProperties()}. Kept by reference, like the
     * environment. Default: empty.
     */
    public Builder systemProperties(Properties systemProperties) {
      if (systemProperties == null) {
        throw new NullPointerException("systemProperties == null");
      }
      this.systemProperties = systemProperties;
      return this;
    }

    /**
     * A source for {@code ${<scheme>:..}} references, such as a vault client. It replaces a
     * built-in or discovered source of the same scheme.
     */
    public Builder secretSource(SecretSource source) {
      if (source == null) {
        throw new NullPointerException("secretSource == null");
      }
      String scheme = source.scheme();
      if (scheme == null || !SCHEME.matcher(scheme).matches()) {
        throw InvalidRequestException.invalidField(
            "secretSource",
            "a secret source's scheme must be lower-case letters, digits and '-', was " + scheme);
      }
      secretSources.put(scheme, source);
      return this;
    }

    /**
     * Whether to add the {@link SecretSource}s listed in {@code META-INF/services}. Default true.
     */
    public Builder discoverSecretSources(boolean discoverSecretSources) {
      this.discoverSecretSources = discoverSecretSources;
      return this;
    }

    /** The clock for secret expiry and for the providers built from this configuration. */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new NullPointerException("clock == null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * How the providers' policies wait. Default: really sleeping. Tests and simulations hand in one
     * that advances their {@link #clock(Clock) clock} instead, so that nothing sleeps.
     */
    public Builder sleeper(Sleeper sleeper) {
      if (sleeper == null) {
        throw new NullPointerException("sleeper == null");
      }
      this.sleeper = sleeper;
      return this;
    }

    /**
     * Where the providers' policies run their health probes (see {@code breaker.half-open-trial}).
     * Default: two shared daemon threads. Tests and simulations hand in {@code Runnable::run}, so
     * that a probe has run by the time the call that started it returns.
     */
    public Builder probeExecutor(Executor probeExecutor) {
      if (probeExecutor == null) {
        throw new NullPointerException("probeExecutor == null");
      }
      this.probeExecutor = probeExecutor;
      return this;
    }

    /** How long a secret's value is used before it is read again. Default 5 minutes. */
    public Builder secretTtl(Duration secretTtl) {
      if (secretTtl == null || secretTtl.isNegative() || secretTtl.isZero()) {
        throw InvalidRequestException.invalidField(
            "secretTtl", "secretTtl must be positive, was " + secretTtl);
      }
      this.secretTtl = secretTtl;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws ConfigurationException listing every file that cannot be read and every discovered
     *     secret source that cannot be loaded or clashes with another
     */
    public SwitchboardConfig build() {
      List<ConfigProblem> problems = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      Merger merger = new Merger();
      if (!defaults.isEmpty()) {
        sources.add("default");
        ValueOrigin origin = new ValueOrigin(ValueOrigin.Kind.DEFAULT, "");
        defaults.forEach((key, value) -> merger.add(key, value, origin));
      }
      for (Entry entry : sourced) {
        if (!sources.contains(entry.origin().toString())) {
          sources.add(entry.origin().toString());
        }
        merger.add(entry.key(), entry.value(), entry.origin());
      }
      for (FileSource file : files) {
        readFile(file, merger, sources, problems);
      }
      sources.add("env");
      new TreeMap<>(environment)
          .forEach(
              (name, value) -> {
                if (name != null && value != null && name.startsWith(ENV_PREFIX)) {
                  merger.add(name, value, new ValueOrigin(ValueOrigin.Kind.ENV, name));
                }
              });
      sources.add("sysprop");
      for (String name : new TreeSet<>(systemProperties.stringPropertyNames())) {
        String value = systemProperties.getProperty(name);
        if (value != null && normalise(name).startsWith(ENV_PREFIX)) {
          merger.add(name, value, new ValueOrigin(ValueOrigin.Kind.SYSPROP, name));
        }
      }
      if (!programmatic.isEmpty()) {
        sources.add("programmatic");
        ValueOrigin origin = new ValueOrigin(ValueOrigin.Kind.PROGRAMMATIC, "");
        programmatic.forEach((key, value) -> merger.add(key, value, origin));
      }
      Map<String, SecretSource> schemes = secretSources(problems);
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new SwitchboardConfig(
          merger.entries(),
          List.copyOf(sources),
          schemes,
          clock,
          sleeper,
          probeExecutor,
          secretTtl);
    }

    private static void readFile(
        FileSource file, Merger merger, List<String> sources, List<ConfigProblem> problems) {
      Properties properties = new Properties();
      ValueOrigin origin;
      if (file.path() != null) {
        origin = new ValueOrigin(ValueOrigin.Kind.FILE, file.path().toString());
        try (Reader reader = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8)) {
          properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
          problems.add(
              new ConfigProblem(
                  file.path().toString(),
                  origin.toString(),
                  "cannot be read as a properties file (" + e.getClass().getSimpleName() + ")"));
          return;
        }
      } else {
        origin = new ValueOrigin(ValueOrigin.Kind.CLASSPATH, file.resource());
        try (InputStream in = classLoader().getResourceAsStream(file.resource())) {
          if (in == null) {
            return;
          }
          properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
          problems.add(
              new ConfigProblem(
                  file.resource(),
                  origin.toString(),
                  "cannot be read as a properties file (" + e.getClass().getSimpleName() + ")"));
          return;
        }
      }
      sources.add(origin.toString());
      for (String key : new TreeSet<>(properties.stringPropertyNames())) {
        merger.add(key, properties.getProperty(key), origin);
      }
    }

    private Map<String, SecretSource> secretSources(List<ConfigProblem> problems) {
      Map<String, SecretSource> schemes = new TreeMap<>();
      BuiltInSecretSources.all(environment, systemProperties)
          .forEach(source -> schemes.put(source.scheme(), source));
      if (discoverSecretSources) {
        discover(schemes, problems);
      }
      schemes.putAll(secretSources);
      return Collections.unmodifiableMap(schemes);
    }

    private static void discover(Map<String, SecretSource> schemes, List<ConfigProblem> problems) {
      String services = "META-INF/services/" + SecretSource.class.getName();
      Iterator<SecretSource> found =
          ServiceLoader.load(SecretSource.class, classLoader()).iterator();
      while (true) {
        SecretSource source;
        try {
          if (!found.hasNext()) {
            return;
          }
          source = found.next();
        } catch (ServiceConfigurationError e) {
          problems.add(
              new ConfigProblem(
                  services, "classpath", "a secret source cannot be loaded: " + e.getMessage()));
          continue;
        }
        String scheme = source.scheme();
        String type = source.getClass().getName();
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
          problems.add(
              new ConfigProblem(
                  services,
                  "classpath",
                  type
                      + " has an invalid scheme, lower-case letters, digits and '-' only: "
                      + scheme));
        } else if (schemes.containsKey(scheme)) {
          problems.add(
              new ConfigProblem(
                  services,
                  "classpath",
                  type
                      + " claims scheme '"
                      + scheme
                      + "', which "
                      + schemes.get(scheme).getClass().getName()
                      + " already serves"));
        } else {
          schemes.put(scheme, source);
        }
      }
    }

    private static ClassLoader classLoader() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : SwitchboardConfig.class.getClassLoader();
    }
  }

  /**
   * Lays sources over each other in precedence order. A key keeps the first spelling that did not
   * come from the environment, since an environment variable's name has lost the dots and dashes.
   */
  private static final class Merger {
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> namedByEnv = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, ValueOrigin> origins = new HashMap<>();

    void add(String key, String value, ValueOrigin origin) {
      String normalised = normalise(key);
      if (origin.kind() == ValueOrigin.Kind.ENV) {
        if (!names.containsKey(normalised)) {
          names.put(normalised, key.toLowerCase(Locale.ROOT).replace('_', '.'));
          namedByEnv.add(normalised);
        }
      } else if (!names.containsKey(normalised) || namedByEnv.remove(normalised)) {
        names.put(normalised, key);
      }
      values.put(normalised, value);
      origins.put(normalised, origin);
    }

    Map<String, Entry> entries() {
      Map<String, Entry> entries = new HashMap<>();
      values.forEach(
          (normalised, value) ->
              entries.put(
                  normalised, new Entry(names.get(normalised), value, origins.get(normalised))));
      return Collections.unmodifiableMap(entries);
    }
  }
}
