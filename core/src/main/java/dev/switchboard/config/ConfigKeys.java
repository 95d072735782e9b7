package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys one reader declares, such as a provider factory's: the settings it may read, and the
 * only ones the unknown-key check accepts in its subtree. {@link #undeclared()} stands for a reader
 * that declares nothing (a factory written before declarations): its subtree is not checked.
 *
 * <pre>{@code
 * public ConfigKeys keys() {
 *   return ConfigKeys.of(API_KEY, BASE_URL, CONNECT_TIMEOUT);
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class ConfigKeys {
  private static final ConfigKeys UNDECLARED = new ConfigKeys(Map.of(), false);
  private static final ConfigKeys NONE = new ConfigKeys(Map.of(), true);

  private final Map<String, ConfigKey<?>> keys;
  private final boolean declared;

  private ConfigKeys(Map<String, ConfigKey<?>> keys, boolean declared) {
    this.keys = keys;
    this.declared = declared;
  }

  /**
   * These keys, and no others.
   *
   * @throws InvalidRequestException if a key is null or two share a name
   */
  public static ConfigKeys of(ConfigKey<?>... keys) {
    if (keys == null) {
      throw new NullPointerException("keys == null");
    }
    return of(Arrays.asList(keys));
  }

  /** {@link #of(ConfigKey[])} for a collection. */
  public static ConfigKeys of(Collection<? extends ConfigKey<?>> keys) {
    if (keys == null) {
      throw new NullPointerException("keys == null");
    }
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    for (ConfigKey<?> key : keys) {
      if (key == null) {
        throw InvalidRequestException.invalidField("keys", "keys hold a null");
      }
      if (byName.put(key.name(), key) != null) {
        throw InvalidRequestException.invalidField(
            "keys", "the key " + key.name() + " is declared twice");
      }
    }
    return keys.isEmpty() ? NONE : new ConfigKeys(Collections.unmodifiableMap(byName), true);
  }

  /** A reader that declares nothing, so its keys are not checked. */
  public static ConfigKeys undeclared() {
    return UNDECLARED;
  }

  /** Whether the keys are declared; false for {@link #undeclared()}. */
  public boolean isDeclared() {
    return declared;
  }

  /** The keys, in the order declared. */
  public List<ConfigKey<?>> list() {
    return List.copyOf(keys.values());
  }

  /** The key of that relative name. */
  public Optional<ConfigKey<?>> find(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** Whether a key of that relative name is declared. */
  public boolean contains(String name) {
    return keys.containsKey(name);
  }

  /** These keys and {@code other}'s; undeclared when either is. */
  public ConfigKeys and(ConfigKeys other) {
    if (!declared || !other.declared) {
      return UNDECLARED;
    }
    List<ConfigKey<?>> all = new ArrayList<>(keys.values());
    all.addAll(other.keys.values());
    return of(all);
  }

  @Override
  public String toString() {
    return declared ? "ConfigKeys" + keys.keySet() : "ConfigKeys[undeclared]";
  }
}
