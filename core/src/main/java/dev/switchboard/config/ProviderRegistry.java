package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import dev.switchboard.SwitchboardException;
import dev.switchboard.email.EmailSender;
import dev.switchboard.http.HttpClients;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.DistributionStrategy;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreFactory;
import dev.switchboard.storage.BlobStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The provider factories on the classpath, found with {@link ServiceLoader}, and the one place that
 * turns a {@link SwitchboardConfig} into ready providers.
 *
 * <p>{@link #configure} reads {@code switchboard.<port>.providers} for each port (comma-separated,
 * the order is the priority), builds every provider through its factory, parses the port-level
 * keys, and throws a single {@link ConfigurationException} with every problem of every port:
 * unknown or repeated provider names (with the names that are known), bad values, missing secrets,
 * and factories that two jars register under one name.
 *
 * <p>A provider's name is also the name of its factory, unless {@code
 * switchboard.<port>.<name>.type} names another: {@code providers=primary,backup} with {@code
 * primary.type=fake} and {@code backup.type=fake} builds two fakes, and two buckets of one vendor
 * can back each other up the same way. Settings are read under the provider's own name.
 *
 * <pre>{@code
 * ConfiguredPorts ports = ProviderRegistry.discover().configure(SwitchboardConfig.load());
 * ProviderRegistry forTests = ProviderRegistry.builder().add(new MyGatewayFactory()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the factories are shared by every {@link #configure} call.
 */
public final class ProviderRegistry {
  private final Map<Port, Map<String, ProviderFactory<?>>> factories;
  private final Map<Port, List<String>> registrationProblems;
  private final Map<Port, Map<String, String>> duplicates;
  private final Map<String, StateStoreFactory> stateFactories;
  private final ConfigKeyCatalog catalog;

  private ProviderRegistry(
      Map<Port, Map<String, ProviderFactory<?>>> factories,
      Map<Port, List<String>> registrationProblems,
      Map<Port, Map<String, String>> duplicates,
      Map<String, StateStoreFactory> stateFactories,
      Map<String, ConfigKeySet> keySets,
      Map<String, dev.switchboard.webhooks.WebhookVerifierFactory> webhookFactories) {
    this.factories = factories;
    this.registrationProblems = registrationProblems;
    this.duplicates = duplicates;
    this.stateFactories = stateFactories;
    this.catalog = new ConfigKeyCatalog(factories, stateFactories, keySets, webhookFactories);
  }

  /**
   * The keys this registry's factories, state stores and discovered {@link ConfigKeySet}s declare:
   * what {@link #configure} checks a configuration's keys against.
   */
  public ConfigKeyCatalog catalog() {
    return catalog;
  }

  /** The factories listed in {@code META-INF/services} on the context class loader. */
  public static ProviderRegistry discover() {
    return builder().discover().build();
  }

  /** An empty registry to add factories to, and to discover them if asked. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider names known for a port, sorted. */
  public SortedSet<String> names(Port port) {
    if (port == null) {
      throw new NullPointerException("port == null");
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(factories.get(port).keySet()));
  }

  /** The state store names known besides {@code memory}, sorted. */
  public SortedSet<String> stateStoreNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(stateFactories.keySet()));
  }

  /**
   * Builds every port the configuration names providers for, and the state store {@code
   * switchboard.state.store} names.
   *
   * @throws ConfigurationException listing every problem found, sorted by key
   */
  public ConfiguredPorts configure(SwitchboardConfig config) {
    return configure(config, null);
  }

  /**
   * {@link #configure(SwitchboardConfig)} with the application's own state store, which is used
   * instead of {@code switchboard.state.store} and never closed here.
   *
   * @param stateStore the store, or null to build the configured one
   * @throws ConfigurationException listing every problem found, sorted by key
   */
  public ConfiguredPorts configure(SwitchboardConfig config, StateStore stateStore) {
    return configure(config, stateStore, null);
  }

  /**
   * {@link #configure(SwitchboardConfig, StateStore)} with the HTTP clients every provider's client
   * is derived from, which factories read from {@link ProviderContext#httpClients()}.
   *
   * @param stateStore the store, or null to build the configured one
   * @param httpClients the clients, or null for {@link HttpClients#shared()}
   * @throws ConfigurationException listing every problem found, sorted by key
   */
  public ConfiguredPorts configure(
      SwitchboardConfig config, StateStore stateStore, HttpClients httpClients) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    Settings settings = new Settings(config, new ArrayList<>());
    settings.problems().addAll(catalog.check(config));
    StateConfiguration state = StateSetup.configure(settings, stateFactories, stateStore);
    PaymentsConfiguration payments = null;
    EmailConfiguration email = null;
    StorageConfiguration storage = null;

    List<ConfiguredProvider<PaymentGateway>> payers =
        providers(Port.PAYMENTS, PaymentGateway.class, settings, state.store(), httpClients);
    if (payers != null) {
      Set<FailureCode> codes = declineCodes(settings);
      if (!payers.isEmpty()) {
        payments = new PaymentsConfiguration(payers, codes);
      }
    }

    List<ConfiguredProvider<EmailSender>> senders =
        providers(Port.EMAIL, EmailSender.class, settings, state.store(), httpClients);
    if (senders != null) {
      String prefix = Port.EMAIL.prefix();
      boolean unknownOutcomeFailover = settings.bool(prefix + "unknown-outcome-failover", false);
      DistributionStrategy strategy = strategy(settings);
      Map<String, Integer> weights = new HashMap<>();
      for (String name : settings.list(prefix + "providers")) {
        String key = Port.EMAIL.prefix(name) + "weight";
        int weight = settings.integer(key, 1);
        if (weight < 1) {
          settings.problem(key, "must be at least 1, was " + weight);
          weight = 1;
        }
        weights.put(name, weight);
      }
      if (!senders.isEmpty()) {
        email = new EmailConfiguration(senders, strategy, unknownOutcomeFailover, weights);
      }
    }

    List<ConfiguredProvider<BlobStore>> stores =
        providers(Port.STORAGE, BlobStore.class, settings, state.store(), httpClients);
    if (stores != null) {
      boolean writeFailover = settings.bool(Port.STORAGE.prefix() + "write-failover", false);
      if (!stores.isEmpty()) {
        storage = new StorageConfiguration(stores, writeFailover);
      }
    }

    if (!settings.problems().isEmpty()) {
      if (state.ownedByConfiguration()) {
        state.store().close();
      }
      throw new ConfigurationException(settings.problems());
    }
    return new ConfiguredPorts(payments, email, storage, state);
  }

  /**
   * The port's providers, built; empty when none could be built (the problems say why); null when
   * the port is not configured at all.
   */
  private <T> List<ConfiguredProvider<T>> providers(
      Port port, Class<T> type, Settings settings, StateStore state, HttpClients httpClients) {
    String key = port.prefix() + "providers";
    if (settings.optionalString(key).isEmpty()) {
      if (settings.config().hasKeysUnder(port.prefix())) {
        settings.problem(
            key,
            "must name at least one provider, as other "
                + port.prefix()
                + "* keys are set; known "
                + port.key()
                + " providers: "
                + known(port));
      }
      return null;
    }
    registrationProblems.get(port).forEach(message -> settings.problem(key, message));
    List<String> names = settings.list(key);
    if (names.isEmpty()) {
      settings.problem(
          key,
          "must name at least one provider; known " + port.key() + " providers: " + known(port));
    }
    List<ConfiguredProvider<T>> built = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        settings.problem(key, "names provider " + Redaction.describe(name) + " twice");
      } else if (!ProviderContext.isValidName(name)) {
        settings.problem(
            key,
            Redaction.describe(name)
                + " is not a provider name: lower-case letters, digits and '-', starting with a"
                + " letter or digit");
      } else {
        String typeKey = port.prefix(name) + "type";
        String factoryName = settings.optionalString(typeKey).orElse(name);
        String where = factoryName.equals(name) ? key : typeKey;
        if (duplicates.get(port).containsKey(factoryName)) {
          settings.problem(where, duplicates.get(port).get(factoryName));
        } else if (!factories.get(port).containsKey(factoryName)) {
          settings.problem(
              where,
              "unknown "
                  + port.key()
                  + " provider "
                  + Redaction.describe(factoryName)
                  + "; known "
                  + port.key()
                  + " providers: "
                  + known(port));
        } else {
          build(port, type, name, factoryName, settings, state, httpClients).ifPresent(built::add);
        }
      }
    }
    return built;
  }

  private <T> Optional<ConfiguredProvider<T>> build(
      Port port,
      Class<T> type,
      String name,
      String factoryName,
      Settings settings,
      StateStore state,
      HttpClients httpClients) {
    ProviderFactory<?> factory = factories.get(port).get(factoryName);
    ProviderContext context =
        new ProviderContext(
            port, name, settings, state, CoreKeys.provider(port).and(factory.keys()), httpClients);
    String providerKey = port.prefix() + name;
    Object instance = null;
    try {
      instance = factory.create(context);
      if (instance == null) {
        settings.problem(providerKey, factory.getClass().getName() + " built nothing (null)");
      }
    } catch (InvalidRequestException e) {
      settings.problem(e.field().map(context::key).orElse(providerKey), e.reason());
    } catch (ConfigurationException e) {
      // An adapter's builder names its own settings (api-key); the user sets the full key.
      e.problems()
          .forEach(problem -> settings.problem(context.key(problem.key()), problem.message()));
    } catch (SwitchboardException e) {
      settings.problem(providerKey, e.reason());
    } catch (RuntimeException e) {
      // The message of an arbitrary exception may quote a credential, so only its type is shown.
      settings.problem(
          providerKey, factory.getClass().getName() + " failed with " + e.getClass().getName());
    }
    ResilienceConfig resilience = context.resilience();
    if (instance == null) {
      return Optional.empty();
    }
    List<Secret> secrets = context.secrets();
    if (!secrets.isEmpty()) {
      resilience =
          resilience.toBuilder()
              .onAuthenticationFailure(ConfiguredProvider.invalidating(secrets))
              .build();
    }
    return Optional.of(new ConfiguredProvider<>(name, type.cast(instance), resilience, secrets));
  }

  private static Set<FailureCode> declineCodes(Settings settings) {
    String key = Port.PAYMENTS.prefix() + "failover-decline-codes";
    Set<FailureCode> codes = EnumSet.noneOf(FailureCode.class);
    for (String item : settings.list(key)) {
      String name = item.toUpperCase(Locale.ROOT).replace('-', '_');
      Optional<FailureCode> code =
          Arrays.stream(FailureCode.values()).filter(c -> c.name().equals(name)).findFirst();
      if (code.isPresent()) {
        codes.add(code.get());
      } else {
        settings.problem(
            key,
            Redaction.describe(item)
                + " is not a failure code; known codes: "
                + Arrays.stream(FailureCode.values())
                    .map(Enum::name)
                    .collect(Collectors.joining(", ")));
      }
    }
    return codes;
  }

  private static DistributionStrategy strategy(Settings settings) {
    String key = Port.EMAIL.prefix() + "strategy";
    Optional<String> value = settings.optionalString(key);
    if (value.isEmpty()) {
      return DistributionStrategy.PRIORITY;
    }
    Optional<DistributionStrategy> strategy = DistributionStrategy.fromConfigName(value.get());
    if (strategy.isEmpty()) {
      settings.problem(
          key,
          "must be one of "
              + Arrays.stream(DistributionStrategy.values())
                  .map(DistributionStrategy::configName)
                  .collect(Collectors.joining(", "))
              + ", was "
              + Redaction.describe(value.get()));
      return DistributionStrategy.PRIORITY;
    }
    return strategy.get();
  }

  private String known(Port port) {
    Set<String> names = factories.get(port).keySet();
    return names.isEmpty()
        ? "none (no " + port.key() + " provider factory is on the classpath)"
        : String.join(", ", new TreeSet<>(names));
  }

  /** The names per port, such as {@code ProviderRegistry{payments=[fake], email=[], ...}}. */
  @Override
  public String toString() {
    return "ProviderRegistry{payments="
        + names(Port.PAYMENTS)
        + ", email="
        + names(Port.EMAIL)
        + ", storage="
        + names(Port.STORAGE)
        + "}";
  }

  /**
   * Builds a {@link ProviderRegistry}. A factory added here replaces a discovered one of the same
   * name, so a test can stand in for an adapter on the classpath.
   */
  public static final class Builder {
    private final Map<Port, Map<String, ProviderFactory<?>>> discovered = emptyPerPort();
    private final Map<Port, Map<String, ProviderFactory<?>>> added = emptyPerPort();
    private final Map<Port, List<String>> problems = new EnumMap<>(Port.class);
    private final Map<Port, Map<String, String>> duplicates = new EnumMap<>(Port.class);
    private final Map<String, StateStoreFactory> stateFactories = new TreeMap<>();
    private final Map<String, ConfigKeySet> keySets = new TreeMap<>();
    private final Map<String, dev.switchboard.webhooks.WebhookVerifierFactory> webhookFactories =
        new TreeMap<>();

    private Builder() {
      for (Port port : Port.values()) {
        problems.put(port, new ArrayList<>());
        duplicates.put(port, new TreeMap<>());
      }
    }

    private static Map<Port, Map<String, ProviderFactory<?>>> emptyPerPort() {
      Map<Port, Map<String, ProviderFactory<?>>> map = new EnumMap<>(Port.class);
      for (Port port : Port.values()) {
        map.put(port, new TreeMap<>());
      }
      return map;
    }

    /** Adds the factories listed in {@code META-INF/services} on the context class loader. */
    public Builder discover() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return discover(context != null ? context : ProviderRegistry.class.getClassLoader());
    }

    /** Adds the factories listed in {@code META-INF/services} on {@code classLoader}. */
    public Builder discover(ClassLoader classLoader) {
      if (classLoader == null) {
        throw new NullPointerException("classLoader == null");
      }
      load(Port.PAYMENTS, PaymentGatewayFactory.class, classLoader);
      load(Port.EMAIL, EmailSenderFactory.class, classLoader);
      load(Port.STORAGE, BlobStoreFactory.class, classLoader);
      for (StateStoreFactory factory : ServiceLoader.load(StateStoreFactory.class, classLoader)) {
        stateFactories.putIfAbsent(factory.name(), factory);
      }
      ConfigKeyCatalog.discoverKeySets(classLoader).forEach(keySets::putIfAbsent);
      ConfigKeyCatalog.discoverWebhookFactories(classLoader).forEach(webhookFactories::putIfAbsent);
      return this;
    }

    /**
     * Keeps what is wrong for later: a broken entry is reported when its port is configured, a name
     * registered twice when it is used, so an unused jar stays harmless.
     */
    private <F extends ProviderFactory<?>> void load(
        Port port, Class<F> service, ClassLoader classLoader) {
      Iterator<F> found = ServiceLoader.load(service, classLoader).iterator();
      while (true) {
        F factory;
        try {
          if (!found.hasNext()) {
            return;
          }
          factory = found.next();
        } catch (ServiceConfigurationError e) {
          problems.get(port).add("a provider factory cannot be loaded: " + e.getMessage());
          continue;
        }
        String name = factory.name();
        String type = factory.getClass().getName();
        ProviderFactory<?> earlier = discovered.get(port).get(name);
        if (!ProviderContext.isValidName(name)) {
          problems.get(port).add(type + " has an invalid provider name: " + name);
        } else if (earlier != null && earlier.getClass() != factory.getClass()) {
          duplicates
              .get(port)
              .put(
                  name,
                  "provider '"
                      + name
                      + "' is registered twice, by "
                      + earlier.getClass().getName()
                      + " and "
                      + type
                      + "; remove one of the jars");
        } else {
          discovered.get(port).put(name, factory);
        }
      }
    }

    /** Adds a payment provider factory. */
    public Builder add(PaymentGatewayFactory factory) {
      return put(Port.PAYMENTS, factory);
    }

    /** Adds an email provider factory. */
    public Builder add(EmailSenderFactory factory) {
      return put(Port.EMAIL, factory);
    }

    /** Adds a storage provider factory. */
    public Builder add(BlobStoreFactory factory) {
      return put(Port.STORAGE, factory);
    }

    /** Adds a state store factory; it replaces a discovered one of the same name. */
    public Builder add(StateStoreFactory factory) {
      if (factory == null) {
        throw new NullPointerException("factory == null");
      }
      if (!ProviderContext.isValidName(factory.name())) {
        throw InvalidRequestException.invalidField(
            "factory",
            "a state store's name must be lower-case letters, digits and '-', was "
                + factory.name());
      }
      stateFactories.put(factory.name(), factory);
      return this;
    }

    private Builder put(Port port, ProviderFactory<?> factory) {
      if (factory == null) {
        throw new NullPointerException("factory == null");
      }
      String name = factory.name();
      if (!ProviderContext.isValidName(name)) {
        throw InvalidRequestException.invalidField(
            "factory", "a factory's name must be lower-case letters, digits and '-', was " + name);
      }
      if (added.get(port).containsKey(name)) {
        throw InvalidRequestException.invalidField(
            "factory", "a " + port.key() + " factory named '" + name + "' was added already");
      }
      added.get(port).put(name, factory);
      return this;
    }

    public ProviderRegistry build() {
      Map<Port, Map<String, ProviderFactory<?>>> factories = new EnumMap<>(Port.class);
      Map<Port, List<String>> registration = new EnumMap<>(Port.class);
      Map<Port, Map<String, String>> twins = new EnumMap<>(Port.class);
      for (Port port : Port.values()) {
        Map<String, ProviderFactory<?>> merged = new TreeMap<>(discovered.get(port));
        merged.putAll(added.get(port));
        factories.put(port, Collections.unmodifiableMap(merged));
        registration.put(port, List.copyOf(problems.get(port)));
        Map<String, String> twice = new TreeMap<>(duplicates.get(port));
        twice.keySet().removeAll(added.get(port).keySet());
        twins.put(port, Collections.unmodifiableMap(twice));
      }
      return new ProviderRegistry(
          Collections.unmodifiableMap(factories),
          Collections.unmodifiableMap(registration),
          Collections.unmodifiableMap(twins),
          Collections.unmodifiableMap(new TreeMap<>(stateFactories)),
          Collections.unmodifiableMap(new TreeMap<>(keySets)),
          Collections.unmodifiableMap(new TreeMap<>(webhookFactories)));
    }
  }
}
