package dev.switchboard.deferred.jdbc;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredCallsFactory;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.state.jdbc.internal.JdbcSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the {@link JdbcDeferredCalls} behind {@code switchboard.deferred()} from {@code
 * switchboard.deferred.*}; found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * switchboard.deferred.enabled=true
 * switchboard.deferred.jdbc.url=jdbc:postgresql://db.internal:5432/app
 * switchboard.deferred.jdbc.username=app
 * switchboard.deferred.jdbc.password=${env:SWITCHBOARD_DB_PASSWORD}
 * switchboard.deferred.jdbc.pool-size=10
 * switchboard.deferred.workers=true
 * switchboard.deferred.threads=4
 * switchboard.deferred.polling-interval=5s
 * switchboard.deferred.heartbeat-interval=10s
 * switchboard.deferred.backoff-base=1s
 * switchboard.deferred.payments.deadline=24h
 * switchboard.deferred.payments.backoff-cap=5m
 * switchboard.deferred.email.deadline=72h
 * switchboard.deferred.email.backoff-cap=10m
 * switchboard.deferred.storage.deadline=24h
 * switchboard.deferred.storage.backoff-cap=5m
 * switchboard.deferred.storage.max-inline-bytes=1048576
 * switchboard.deferred.retention=7d
 * }</pre>
 *
 * <p>{@code jdbc.url} defaults to {@code switchboard.state.jdbc.url} (and its user and password)
 * when {@code switchboard.state.store=jdbc}, so the queue sits next to the key ledger; otherwise to
 * {@value #DEFAULT_URL}, an H2 file in the working directory. The other defaults are {@link
 * JdbcDeferredCalls}'s. The queue uses the facade's ports that are configured and the
 * configuration's clock.
 */
public final class JdbcDeferredCallsFactory implements DeferredCallsFactory {
  /** The queue's database when neither it nor a jdbc state store is configured. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./switchboard-deferred";

  static final String PREFIX = "switchboard.deferred.";

  /** For {@link java.util.ServiceLoader}. */
  public JdbcDeferredCallsFactory() {}

  @Override
  public DeferredCalls create(Switchboard switchboard, SwitchboardConfig config) {
    JdbcDeferredCalls.Builder builder = configure(config);
    builder.payments(optional(switchboard::payments).orElse(null));
    builder.email(optional(switchboard::email).orElse(null));
    builder.storage(optional(switchboard::storage).orElse(null));
    return builder.build();
  }

  /**
   * A builder set from {@code switchboard.deferred.*}, without ports.
   *
   * @throws ConfigurationException listing every bad key, or naming {@code
   *     switchboard.deferred.enabled} when it is false
   */
  public static JdbcDeferredCalls.Builder configure(SwitchboardConfig config) {
    ConfigReader s = ConfigReader.of(config);
    if (!s.get(PREFIX, DeferredConfigKeys.ENABLED)) {
      s.throwIfProblems();
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  PREFIX + "enabled",
                  config.origin(PREFIX + "enabled").map(Object::toString).orElse("not set"),
                  "deferred calls are disabled")));
    }
    JdbcDeferredCalls.Builder b = JdbcDeferredCalls.builder().clock(config.clock());
    b.readKeys(s, PREFIX, List.of(JdbcSettings.STATE_STORE), DEFAULT_URL);
    for (DeferredKind kind : DeferredKind.values()) {
      b.deadline(kind, JdbcJobsBuilder.positive(s, PREFIX, DeferredConfigKeys.deadline(kind)));
      b.backoffCap(kind, JdbcJobsBuilder.positive(s, PREFIX, DeferredConfigKeys.backoffCap(kind)));
    }
    b.maxInlineBytes(s.get(PREFIX, DeferredConfigKeys.MAX_INLINE_BYTES));
    s.throwIfProblems();
    return b;
  }

  private static <T> Optional<T> optional(Supplier<T> port) {
    try {
      return Optional.of(port.get());
    } catch (ConfigurationException notConfigured) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "JdbcDeferredCallsFactory";
  }
}
