package dev.switchboard.config;

import java.util.Optional;

/**
 * Reads secrets for one reference scheme: the {@code vault} in {@code ${vault:payments/api-key}}.
 * The built-in schemes are {@code env}, {@code file} and {@code sysprop}; a vault client adds its
 * own by implementing this interface and either listing the class in {@code
 * META-INF/services/dev.switchboard.config.SecretSource} or handing an instance to {@link
 * SwitchboardConfig.Builder#secretSource}.
 *
 * <pre>{@code
 * final class VaultSecrets implements SecretSource {
 *   public String scheme() { return "vault"; }
 *   public Optional<String> read(String reference) { return client.lookup(reference); }
 * }
 * }</pre>
 *
 * <p>{@link #read} is called again whenever a {@link Secret} expires or is invalidated, so a
 * rotated secret is picked up without a restart. It must be thread-safe.
 */
public interface SecretSource {
  /** The scheme, lower-case letters, digits and {@code -}, such as {@code vault}. */
  String scheme();

  /**
   * The secret's current value, or empty when there is none. May throw when the source cannot be
   * reached; the exception's message is never shown, only its class.
   */
  Optional<String> read(String reference);

  /**
   * What to say when {@link #read} finds nothing; it names the reference, never a value. Override
   * it to point at the right place to look.
   */
  default String describeMissing(String reference) {
    return "secret " + scheme() + ":" + reference + " was not found";
  }

  /**
   * What to say when {@link #read} throws; it names the reference, never a value. The default is
   * {@link #describeMissing} followed by the exception's class, since an exception's message may
   * quote what it read. Override it to tell causes apart, such as an unreadable encoding.
   */
  default String describeFailure(String reference, RuntimeException failure) {
    return describeMissing(reference) + " (" + failure.getClass().getSimpleName() + ")";
  }
}
