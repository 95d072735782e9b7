package dev.switchboard.config;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.state.StateStoreFactory;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Every {@code switchboard.*} key the modules on the classpath declare: core's own ({@link
 * CoreKeys}, {@link ResilienceKeys}), each provider factory's, each state store's and webhook
 * verifier's, and each {@link ConfigKeySet}'s (the deferred queue, the webhook receiver). It is
 * what the unknown-key check of {@link ProviderRegistry#configure} compares a configuration with,
 * and what tools list: {@link #entries()} for documentation, {@link #springMetadataJson()} for an
 * IDE.
 *
 * <p>A provider's keys are listed under the factory's own name ({@code
 * switchboard.payments.acme-pay.api-key}); a provider named otherwise ({@code
 * primary.type=acme-pay}) has the same keys under its own name.
 *
 * <pre>{@code
 * for (ConfigKeyCatalog.Entry entry : ConfigKeyCatalog.discover().entries()) {
 *   System.out.println(entry.name() + " = " + entry.key().documentedDefault());
 * }
 * List<ConfigProblem> unknown = ConfigKeyCatalog.discover().check(config);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigKeyCatalog {
  /**
   * One declared key under its full name.
   *
   * @param name the full key, such as {@code switchboard.payments.acme-pay.retry.max-attempts}
   * @param key the declaration
   * @param owner who declares it: {@code core}, or the declaring class's name
   */
  public record Entry(String name, ConfigKey<?> key, String owner) {}

  private final Map<Port, Map<String, ProviderFactory<?>>> factories;
  private final Map<String, StateStoreFactory> stateFactories;
  private final Map<String, ConfigKeySet> keySets;
  private final Map<String, WebhookVerifierFactory> webhookFactories;

  ConfigKeyCatalog(
      Map<Port, Map<String, ProviderFactory<?>>> factories,
      Map<String, StateStoreFactory> stateFactories,
      Map<String, ConfigKeySet> keySets,
      Map<String, WebhookVerifierFactory> webhookFactories) {
    this.factories = factories;
    this.stateFactories = stateFactories;
    this.keySets = keySets;
    this.webhookFactories = webhookFactories;
  }

  /** The keys the modules on the context class loader declare. */
  public static ConfigKeyCatalog discover() {
    return ProviderRegistry.discover().catalog();
  }

  /** The {@link ConfigKeySet}s and webhook verifier factories on {@code classLoader}. */
  static Map<String, ConfigKeySet> discoverKeySets(ClassLoader classLoader) {
    Map<String, ConfigKeySet> sets = new TreeMap<>();
    for (ConfigKeySet set : loadAll(ConfigKeySet.class, classLoader)) {
      sets.putIfAbsent(set.prefix(), set);
    }
    return sets;
  }

  static Map<String, WebhookVerifierFactory> discoverWebhookFactories(ClassLoader classLoader) {
    Map<String, WebhookVerifierFactory> found = new TreeMap<>();
    for (WebhookVerifierFactory factory : loadAll(WebhookVerifierFactory.class, classLoader)) {
      found.putIfAbsent(factory.name(), factory);
    }
    return found;
  }

  /** Skips an entry that cannot be loaded: the code that uses that service reports it. */
  private static <S> List<S> loadAll(Class<S> service, ClassLoader classLoader) {
    List<S> all = new ArrayList<>();
    var iterator = ServiceLoader.load(service, classLoader).iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          return all;
        }
        all.add(iterator.next());
      } catch (ServiceConfigurationError e) {
        // reported where the service is used
      }
    }
  }

  Map<String, ProviderFactory<?>> factories(Port port) {
    return factories.getOrDefault(port, Map.of());
  }

  Optional<ConfigKeys> stateKeys(String store) {
    return Optional.ofNullable(stateFactories.get(store)).map(StateStoreFactory::keys);
  }

  SortedSet<String> stateStoreNames() {
    return new TreeSet<>(stateFactories.keySet());
  }

  Optional<ConfigKeys> moduleKeys(String prefix) {
    return Optional.ofNullable(keySets.get(prefix)).map(ConfigKeySet::keys);
  }

  Map<String, WebhookVerifierFactory> webhookFactories() {
    return webhookFactories;
  }

  /**
   * The problems of {@code config}'s unknown keys: a {@code switchboard.*} key from a file, a
   * system property or code that its place does not declare, with a "did you mean" suggestion when
   * a declared key is near. Environment variables that match nothing are logged, not reported.
   */
  public List<ConfigProblem> check(SwitchboardConfig config) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    return KeyCheck.check(this, config);
  }

  /** Every declared key, sorted by name. */
  public List<Entry> entries() {
    Map<String, Entry> all = new TreeMap<>();
    CoreKeys.ALL.list().forEach(k -> put(all, "switchboard." + k.name(), k, "core"));
    for (Port port : Port.values()) {
      factories(port)
          .forEach(
              (name, factory) -> {
                CoreKeys.provider(port)
                    .list()
                    .forEach(k -> put(all, port.prefix(name) + k.name(), k, "core"));
                String owner = factory.getClass().getName();
                factory
                    .keys()
                    .list()
                    .forEach(k -> put(all, port.prefix(name) + k.name(), k, owner));
              });
    }
    stateFactories.forEach(
        (name, factory) ->
            factory
                .keys()
                .list()
                .forEach(
                    k ->
                        put(
                            all,
                            StateStoreContext.PREFIX + name + "." + k.name(),
                            k,
                            factory.getClass().getName())));
    keySets.forEach(
        (prefix, set) ->
            set.keys()
                .list()
                .forEach(k -> put(all, prefix + k.name(), k, set.getClass().getName())));
    webhookFactories.forEach(
        (name, factory) -> {
          String prefix = "switchboard.webhooks." + name + ".";
          put(all, prefix + CoreKeys.TYPE.name(), CoreKeys.TYPE, "core");
          factory
              .keys()
              .list()
              .forEach(k -> put(all, prefix + k.name(), k, factory.getClass().getName()));
        });
    return List.copyOf(all.values());
  }

  private static void put(Map<String, Entry> all, String name, ConfigKey<?> key, String owner) {
    all.putIfAbsent(name, new Entry(name, key, owner));
  }

  /**
   * Spring Boot's {@code META-INF/spring-configuration-metadata.json} for every declared key, so
   * that an IDE completes and documents {@code switchboard.*} in {@code application.properties}. A
   * secret's description says it takes a reference; no default is given for one. A key with a fixed
   * set of values gets a hint listing them.
   */
  public String springMetadataJson() {
    return springMetadataJson(entry -> true);
  }

  /**
   * {@link #springMetadataJson()} for the entries {@code include} accepts, say without the keys of
   * factories that are on a build's class path only for its tests.
   */
  public String springMetadataJson(Predicate<Entry> include) {
    Objects.requireNonNull(include, "include");
    List<Entry> included = entries().stream().filter(include).toList();
    List<Map<String, Object>> properties = new ArrayList<>();
    for (Entry entry : included) {
      ConfigKey<?> key = entry.key();
      Map<String, Object> property = new LinkedHashMap<>();
      property.put("name", entry.name());
      property.put("type", key.type().javaType());
      String description = key.description();
      if (key.isSecret()) {
        description += " (a secret: write a reference such as ${env:NAME})";
      }
      if (key.isRequired()) {
        description += " Required.";
      }
      property.put("description", description);
      if (!entry.owner().equals("core")) {
        property.put("sourceType", entry.owner());
      }
      key.defaultForm().ifPresent(d -> property.put("defaultValue", typed(key, d)));
      properties.add(property);
    }
    List<Map<String, Object>> hints = new ArrayList<>();
    for (Entry entry : included) {
      List<String> choices = entry.key().choices();
      if (!choices.isEmpty()) {
        List<Map<String, Object>> values = new ArrayList<>();
        choices.forEach(choice -> values.add(Map.of("value", choice)));
        Map<String, Object> hint = new LinkedHashMap<>();
        hint.put("name", entry.name());
        hint.put("values", values);
        hints.add(hint);
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> group = new LinkedHashMap<>(); // Map.of's order changes from run to run
    group.put("name", "switchboard");
    group.put("description", "Switchboard");
    root.put("groups", List.of(group));
    root.put("properties", properties);
    root.put("hints", hints);
    JsonAdapter<Map<String, Object>> adapter =
        new Moshi.Builder()
            .build()
            .<Map<String, Object>>adapter(
                Types.newParameterizedType(Map.class, String.class, Object.class))
            .indent("  ");
    return adapter.toJson(root);
  }

  private static Object typed(ConfigKey<?> key, String form) {
    return switch (key.type()) {
      case INTEGER, LONG -> Long.parseLong(form);
      case DECIMAL -> Double.parseDouble(form);
      case BOOLEAN -> Boolean.parseBoolean(form);
      default -> form;
    };
  }

  /** {@code ConfigKeyCatalog{keys=123}}. */
  @Override
  public String toString() {
    return "ConfigKeyCatalog{keys=" + entries().size() + "}";
  }
}
