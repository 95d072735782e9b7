package dev.switchboard.config;

/**
 * The keys a module reads under a prefix of its own, such as the deferred queue's {@code
 * switchboard.deferred.}: found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.switchboard.config.ConfigKeySet}, with a public no-argument constructor),
 * so that the unknown-key check and {@link ConfigKeyCatalog} know them. A module that is not on the
 * classpath declares nothing, and the keys under its prefix are then not checked.
 */
public interface ConfigKeySet {
  /**
   * The prefix the names of {@link #keys()} are relative to, such as {@code switchboard.deferred.}.
   */
  String prefix();

  /** The keys, relative to {@link #prefix()}. */
  ConfigKeys keys();
}
