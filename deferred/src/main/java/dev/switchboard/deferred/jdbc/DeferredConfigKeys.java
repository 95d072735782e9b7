package dev.switchboard.deferred.jdbc;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeySet;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.deferred.DeferredKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys under {@code switchboard.deferred.}, declared once: {@link JdbcDeferredCallsFactory}
 * reads them, and the unknown-key check of {@code Switchboard.fromConfig} knows them through {@link
 * java.util.ServiceLoader}.
 */
public final class DeferredConfigKeys implements ConfigKeySet {
  /** {@code enabled}. */
  public static final ConfigKey<Boolean> ENABLED =
      ConfigKey.bool(
          "enabled",
          true,
          "false makes switchboard.deferred() a ConfigurationException naming this key");

  /** {@code storage.max-inline-bytes}. */
  public static final ConfigKey<Long> MAX_INLINE_BYTES =
      ConfigKey.longValue(
              "storage.max-inline-bytes",
              JdbcDeferredCalls.DEFAULT_MAX_INLINE_BYTES,
              "larger put content must be a Path")
          .min(0);

  /** For {@link java.util.ServiceLoader}. */
  public DeferredConfigKeys() {}

  /** {@code payments.deadline}, {@code email.deadline} or {@code storage.deadline}. */
  static ConfigKey<java.time.Duration> deadline(DeferredKind kind) {
    return ConfigKey.duration(
        port(kind) + ".deadline",
        JdbcDeferredCalls.DEFAULT_DEADLINES.get(kind),
        "after it, a failing " + port(kind) + " call is dead");
  }

  /** {@code payments.backoff-cap}, {@code email.backoff-cap} or {@code storage.backoff-cap}. */
  static ConfigKey<java.time.Duration> backoffCap(DeferredKind kind) {
    return ConfigKey.duration(
        port(kind) + ".backoff-cap",
        JdbcDeferredCalls.DEFAULT_BACKOFF_CAPS.get(kind),
        "the longest back-off between attempts of a " + port(kind) + " call");
  }

  static String port(DeferredKind kind) {
    return switch (kind) {
      case CHARGE -> "payments";
      case EMAIL -> "email";
      case PUT -> "storage";
    };
  }

  @Override
  public String prefix() {
    return JdbcDeferredCallsFactory.PREFIX;
  }

  @Override
  public ConfigKeys keys() {
    List<ConfigKey<?>> keys = new ArrayList<>();
    keys.add(ENABLED);
    keys.addAll(
        JdbcJobsBuilder.jobKeys(
            "the state store's when it is jdbc, else " + JdbcDeferredCallsFactory.DEFAULT_URL));
    for (DeferredKind kind : DeferredKind.values()) {
      keys.add(deadline(kind));
      keys.add(backoffCap(kind));
    }
    keys.add(MAX_INLINE_BYTES);
    return ConfigKeys.of(keys);
  }
}
