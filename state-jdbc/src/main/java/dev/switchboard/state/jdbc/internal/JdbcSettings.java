package dev.switchboard.state.jdbc.internal;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.Secret;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <prefix>jdbc.url|username|password|pool-size} keys of a module that keeps tables of
 * its own (deferred calls, the webhook inbox): its own URL if set, else the first of {@code
 * fallbacks} that is set (with that block's user and password), else {@code defaultUrl}.
 *
 * @param url the database, {@code jdbc:h2:} or {@code jdbc:postgresql:}; null when the value was
 *     refused (a problem is recorded)
 * @param username the user, or null
 * @param password the password, or null
 * @param poolSize the pool's size
 */
public record JdbcSettings(String url, String username, Secret password, int poolSize) {
  /**
   * Reads the keys, recording a problem for a bad value in {@code s}.
   *
   * @param prefix the module's prefix, such as {@code switchboard.deferred.}
   * @param fallbacks other modules' prefixes whose {@code url} to share, first found wins; each
   *     taken only when {@code available} says so for it
   */
  public static JdbcSettings read(
      ConfigReader s,
      String prefix,
      List<Fallback> fallbacks,
      String defaultUrl,
      int defaultPoolSize) {
    String urlKey = prefix + "jdbc.url";
    Optional<String> url = s.optionalString(urlKey);
    String credentials = prefix + "jdbc.";
    for (Fallback fallback : fallbacks) {
      if (url.isPresent()) {
        break;
      }
      if (fallback.applies(s)) {
        url = s.optionalString(fallback.prefix() + "url");
        credentials = fallback.prefix();
      }
    }
    String chosen = url.orElse(defaultUrl);
    if (!chosen.startsWith("jdbc:h2:") && !chosen.startsWith("jdbc:postgresql:")) {
      // The URL itself is not quoted: it may hold a password.
      s.problem(urlKey, "must start with jdbc:h2: or jdbc:postgresql:");
      chosen = null;
    }
    return new JdbcSettings(
        chosen,
        s.optionalString(credentials + "username").orElse(null),
        s.optionalSecret(credentials + "password").orElse(null),
        s.integer(prefix + "jdbc.pool-size", defaultPoolSize, 1));
  }

  /**
   * Another block of JDBC keys to share, such as {@code switchboard.state.jdbc.}, taken when {@code
   * key} has the value {@code value} (or is merely set, when {@code value} is null).
   */
  public record Fallback(String prefix, String key, String value) {
    boolean applies(ConfigReader s) {
      Optional<String> v = s.optionalString(key);
      return value == null ? v.isPresent() : v.filter(value::equals).isPresent();
    }
  }

  /** The state store's database, when {@code switchboard.state.store=jdbc}. */
  public static final Fallback STATE_STORE =
      new Fallback("switchboard.state.jdbc.", "switchboard.state.store", "jdbc");

  /** Leaves the password out. */
  @Override
  public String toString() {
    return "JdbcSettings{username=" + username + ", poolSize=" + poolSize + "}";
  }
}
