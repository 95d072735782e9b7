package dev.switchboard.config;

import dev.switchboard.Redaction;
import dev.switchboard.webhooks.WebhookVerifierFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unknown-key check: every {@code switchboard.*} key set in a file, a system property or code
 * must be declared by whoever owns its place, or it is a problem with a "did you mean" suggestion.
 *
 * <p>The owner of a place: core for the ports' and state's own keys; a provider's factory (named by
 * the provider or its {@code type}) for {@code switchboard.<port>.<provider>.}; a state store's
 * factory for {@code switchboard.state.<store>.}; a {@link ConfigKeySet} for its prefix (the
 * deferred queue, the webhook receiver); a verifier factory for {@code
 * switchboard.webhooks.<provider>.}. A place is not checked when its owner declares nothing ({@link
 * ConfigKeys#undeclared()}; a provider's resilience groups such as {@code retry.*} and {@code
 * breaker.*} are core's and checked even then), when it belongs to a first-party module that is not
 * on the classpath ({@code deferred}, the webhook receiver, the {@code jdbc} and {@code redis}
 * stores), or when another problem already names its owner as missing (a listed provider without a
 * factory).
 *
 * <p>Environment variables lose their dots and dashes, so one is checked only by its normalised
 * form against the keys declared for the providers and stores that are known: one that matches
 * nothing is logged as a warning and ignored, since a process's environment is not the
 * application's to police.
 */
final class KeyCheck {
  private static final Logger log = LoggerFactory.getLogger(KeyCheck.class);
  private static final String ROOT = "switchboard.";
  private static final String DEFERRED = ROOT + "deferred.";
  private static final String WEBHOOKS = ROOT + "webhooks.";
  private static final Set<String> FIRST_PARTY_STORES = Set.of("jdbc", "redis");

  /** What a key's place says about it. */
  private record Verdict(boolean known, String message, List<String> candidates, String base) {
    static final Verdict OK = new Verdict(true, null, List.of(), "");

    static Verdict unknown(String message, List<String> candidates, String base) {
      return new Verdict(false, message, candidates, base);
    }
  }

  private final ConfigKeyCatalog catalog;
  private final SwitchboardConfig config;

  private KeyCheck(ConfigKeyCatalog catalog, SwitchboardConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  static List<ConfigProblem> check(ConfigKeyCatalog catalog, SwitchboardConfig config) {
    return new KeyCheck(catalog, config).run();
  }

  private List<ConfigProblem> run() {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> envKnown = null;
    for (String key : config.keys()) {
      if (!SwitchboardConfig.normalise(key).startsWith("SWITCHBOARD_")) {
        continue;
      }
      ValueOrigin origin = config.origin(key).orElseThrow();
      boolean dotted = key.regionMatches(true, 0, ROOT, 0, ROOT.length());
      if (origin.kind() == ValueOrigin.Kind.ENV || !dotted) {
        if (envKnown == null) {
          envKnown = envForms();
        }
        if (!matchesEnv(envKnown, SwitchboardConfig.normalise(key))) {
          log.warn("{} matches no declared Switchboard key; it is ignored", origin);
        }
        continue;
      }
      Verdict verdict = judge(key.toLowerCase(java.util.Locale.ROOT));
      if (!verdict.known()) {
        String message = verdict.message();
        Optional<String> suggestion = suggest(verdict.base(), verdict.candidates());
        if (suggestion.isPresent()) {
          message += "; did you mean " + suggestion.get() + "?";
        }
        problems.add(new ConfigProblem(key, origin.toString(), message));
      }
    }
    return problems;
  }

  private Verdict judge(String key) {
    String rest = key.substring(ROOT.length());
    if (CoreKeys.ALL.contains(rest)) {
      return Verdict.OK;
    }
    String section = head(rest);
    String sub = tail(rest);
    for (Port port : Port.values()) {
      if (port.key().equals(section)) {
        return provider(port, key, sub);
      }
    }
    return switch (section) {
      case "state" -> state(key, sub);
      case "deferred" -> module(DEFERRED, sub);
      case "webhooks" -> webhooks(key, sub);
      default ->
          Verdict.unknown(
              "unknown key: no Switchboard module reads switchboard." + section + ".*",
              allFullKeys(),
              key);
    };
  }

  private Verdict provider(Port port, String key, String sub) {
    String name = head(sub);
    String relative = tail(sub);
    List<String> portKeys =
        CoreKeys.ALL.list().stream()
            .map(ConfigKey::name)
            .filter(n -> n.startsWith(port.key() + "."))
            .map(n -> ROOT + n)
            .toList();
    if (relative.isEmpty()) {
      return Verdict.unknown("unknown key", portKeys, key);
    }
    Optional<String> type = value(port.prefix(name) + "type");
    ProviderFactory<?> factory = catalog.factories(port).get(type.orElse(name));
    if (factory == null) {
      if (providers(port.prefix() + "providers").contains(name) || type.isPresent()) {
        return Verdict.OK; // the registry reports the provider as unknown
      }
      List<String> candidates = new ArrayList<>(portKeys);
      for (String known : knownProviders(port)) {
        ProviderFactory<?> f = catalog.factories(port).get(factoryName(port, known));
        if (f != null) {
          CoreKeys.provider(port).and(f.keys()).list().stream()
              .map(k -> port.prefix(known) + k.name())
              .forEach(candidates::add);
        }
      }
      return Verdict.unknown(
          "unknown key: "
              + Redaction.describe(name)
              + " is neither listed in "
              + port.prefix()
              + "providers nor the name of a "
              + port.key()
              + " provider factory",
          candidates,
          key);
    }
    ConfigKeys common = CoreKeys.provider(port);
    if (!factory.keys().isDeclared()) {
      // The factory's own keys are unknown, but the resilience groups are core's everywhere.
      boolean reserved =
          common.list().stream()
              .anyMatch(k -> head(k.name()).equals(head(relative)) && k.name().contains("."));
      return reserved ? within(common, relative) : Verdict.OK;
    }
    return within(common.and(factory.keys()), relative);
  }

  private Verdict state(String key, String sub) {
    String store = head(sub);
    String relative = tail(sub);
    Optional<ConfigKeys> keys = catalog.stateKeys(store);
    if (keys.isPresent() && !relative.isEmpty()) {
      return within(keys.get(), relative);
    }
    if (FIRST_PARTY_STORES.contains(store) && !relative.isEmpty()) {
      return Verdict.OK; // the module is absent: switchboard.state.store reports it when chosen
    }
    return Verdict.unknown("unknown key", stateFullKeys(), key);
  }

  private Verdict module(String prefix, String relative) {
    Optional<ConfigKeys> keys = catalog.moduleKeys(prefix);
    if (keys.isEmpty()) {
      return Verdict.OK; // the module that reads these keys is not on the classpath
    }
    return within(keys.get(), relative);
  }

  private Verdict webhooks(String key, String sub) {
    Optional<ConfigKeys> receiver = catalog.moduleKeys(WEBHOOKS);
    if (receiver.isPresent() && receiver.get().contains(sub)) {
      return Verdict.OK;
    }
    String name = head(sub);
    String relative = tail(sub);
    if (!relative.isEmpty()) {
      Optional<String> type = value(WEBHOOKS + name + ".type");
      WebhookVerifierFactory factory = catalog.webhookFactories().get(type.orElse(name));
      if (factory != null) {
        return within(ConfigKeys.of(CoreKeys.TYPE).and(factory.keys()), relative);
      }
      if (providers(WEBHOOKS + "providers").contains(name) || type.isPresent()) {
        return Verdict.OK; // WebhookVerifiers reports the unknown verifier
      }
    }
    if (receiver.isEmpty()) {
      return Verdict.OK; // the receiver's keys are not known without its module
    }
    List<String> candidates = new ArrayList<>();
    receiver.get().list().forEach(k -> candidates.add(WEBHOOKS + k.name()));
    candidates.add(ROOT + CoreKeys.WEBHOOKS_PROVIDERS.name());
    return Verdict.unknown("unknown key", candidates, key);
  }

  /** Known when declared (or undeclared, so not checked); else suggests among the place's keys. */
  private static Verdict within(ConfigKeys keys, String relative) {
    if (!keys.isDeclared() || keys.contains(relative)) {
      return Verdict.OK;
    }
    return Verdict.unknown(
        "unknown key", keys.list().stream().map(ConfigKey::name).toList(), relative);
  }

  private Optional<String> value(String key) {
    return config.get(key).map(String::strip).filter(v -> !v.isEmpty());
  }

  private List<String> providers(String key) {
    return value(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::strip).toList())
        .orElse(List.of());
  }

  private String factoryName(Port port, String provider) {
    return value(port.prefix(provider) + "type").orElse(provider);
  }

  private Set<String> knownProviders(Port port) {
    Set<String> names = new LinkedHashSet<>(providers(port.prefix() + "providers"));
    names.addAll(catalog.factories(port).keySet());
    return names;
  }

  private List<String> stateFullKeys() {
    List<String> keys = new ArrayList<>();
    CoreKeys.ALL.list().stream()
        .map(ConfigKey::name)
        .filter(n -> n.startsWith("state."))
        .forEach(n -> keys.add(ROOT + n));
    catalog
        .stateStoreNames()
        .forEach(
            store ->
                catalog
                    .stateKeys(store)
                    .ifPresent(
                        k ->
                            k.list()
                                .forEach(
                                    key ->
                                        keys.add(
                                            StateStoreContext.PREFIX + store + "." + key.name()))));
    return keys;
  }

  private List<String> allFullKeys() {
    List<String> keys = new ArrayList<>();
    CoreKeys.ALL.list().forEach(k -> keys.add(ROOT + k.name()));
    for (String prefix : List.of(DEFERRED, WEBHOOKS)) {
      catalog
          .moduleKeys(prefix)
          .ifPresent(k -> k.list().forEach(key -> keys.add(prefix + key.name())));
    }
    return keys;
  }

  /** Every declared key of the known providers and stores, in the environment's form. */
  private Set<String> envForms() {
    Set<String> forms = new TreeSet<>();
    allFullKeys().forEach(k -> forms.add(SwitchboardConfig.normalise(k)));
    stateFullKeys().forEach(k -> forms.add(SwitchboardConfig.normalise(k)));
    for (Port port : Port.values()) {
      for (String name : knownProviders(port)) {
        ProviderFactory<?> factory = catalog.factories(port).get(factoryName(port, name));
        ConfigKeys keys =
            factory == null ? CoreKeys.provider(port) : CoreKeys.provider(port).and(factory.keys());
        if (!keys.isDeclared()) {
          forms.add(SwitchboardConfig.normalise(port.prefix(name)) + "*");
          continue;
        }
        keys.list()
            .forEach(k -> forms.add(SwitchboardConfig.normalise(port.prefix(name) + k.name())));
      }
    }
    Set<String> hooks = new LinkedHashSet<>(providers(WEBHOOKS + "providers"));
    hooks.addAll(catalog.webhookFactories().keySet());
    for (String name : hooks) {
      WebhookVerifierFactory factory =
          catalog.webhookFactories().get(value(WEBHOOKS + name + ".type").orElse(name));
      ConfigKeys keys =
          factory == null
              ? ConfigKeys.undeclared()
              : ConfigKeys.of(CoreKeys.TYPE).and(factory.keys());
      if (!keys.isDeclared()) {
        forms.add(SwitchboardConfig.normalise(WEBHOOKS + name + ".") + "*");
      } else {
        keys.list()
            .forEach(k -> forms.add(SwitchboardConfig.normalise(WEBHOOKS + name + "." + k.name())));
      }
    }
    if (catalog.moduleKeys(DEFERRED).isEmpty()) {
      forms.add(SwitchboardConfig.normalise(DEFERRED) + "*");
    }
    if (catalog.moduleKeys(WEBHOOKS).isEmpty()) {
      forms.add(SwitchboardConfig.normalise(WEBHOOKS) + "*");
    }
    for (String store : FIRST_PARTY_STORES) {
      if (catalog.stateKeys(store).isEmpty()) {
        forms.add(SwitchboardConfig.normalise(StateStoreContext.PREFIX + store + ".") + "*");
      }
    }
    for (String store : catalog.stateStoreNames()) {
      if (!catalog.stateKeys(store).map(ConfigKeys::isDeclared).orElse(false)) {
        forms.add(SwitchboardConfig.normalise(StateStoreContext.PREFIX + store + ".") + "*");
      }
    }
    return forms;
  }

  private static boolean matchesEnv(Set<String> forms, String normalised) {
    if (forms.contains(normalised)) {
      return true;
    }
    return forms.stream()
        .filter(f -> f.endsWith("*"))
        .anyMatch(f -> normalised.startsWith(f.substring(0, f.length() - 1)));
  }

  /** The candidate nearest {@code input} by edit distance, when it is near enough to be a typo. */
  static Optional<String> suggest(String input, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(candidates)) {
      int d = distance(input, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, input.length() / 4);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String head(String s) {
    int dot = s.indexOf('.');
    return dot < 0 ? s : s.substring(0, dot);
  }

  private static String tail(String s) {
    int dot = s.indexOf('.');
    return dot < 0 ? "" : s.substring(dot + 1);
  }
}
