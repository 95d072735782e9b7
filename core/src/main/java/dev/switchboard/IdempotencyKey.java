package dev.switchboard;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The key that makes a mutating call safe to repeat: a provider that sees the same key twice acts
 * once and answers the second time with the first result.
 *
 * <p>Every request that changes state carries one. When the caller gives none, the request's
 * builder generates a random one, and the SDK sends the same key on every retry of that call. A
 * failover composite gives each provider its own key, {@link #derive(String)}, so that keys never
 * collide across vendors yet stay stable across retries.
 *
 * <pre>{@code
 * IdempotencyKey key = IdempotencyKey.of("order-42-charge"); // from your own order id
 * IdempotencyKey fresh = IdempotencyKey.random();
 * }</pre>
 *
 * <p>A key is 1 to 255 printable ASCII characters without spaces.
 */
public final class IdempotencyKey {
  /** The longest key accepted; vendors with shorter limits get a {@link #derive derived} key. */
  public static final int MAX_LENGTH = 255;

  private final String value;

  private IdempotencyKey(String value) {
    this.value = value;
  }

  /**
   * A key with the given value.
   *
   * @throws InvalidRequestException if the value is empty, longer than 255 characters, or holds a
   *     character outside printable ASCII
   */
  public static IdempotencyKey of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw InvalidRequestException.invalidField(
          "idempotencyKey",
          "idempotencyKey must be 1 to " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw InvalidRequestException.invalidField(
            "idempotencyKey",
            "idempotencyKey may hold only printable ASCII without spaces; character at index "
                + i
                + " is U+"
                + String.format("%04X", (int) c));
      }
    }
    return new IdempotencyKey(value);
  }

  /** A new random key (a type 4 UUID from a secure random source). */
  public static IdempotencyKey random() {
    return new IdempotencyKey(UUID.randomUUID().toString());
  }

  /**
   * A key for one provider, derived from this one: the same inputs always give the same key, and
   * different providers get different keys. The result is 36 characters, short enough for every
   * vendor's limit.
   */
  public IdempotencyKey derive(String provider) {
    Objects.requireNonNull(provider, "provider == null");
    byte[] name = (value + '|' + provider).getBytes(StandardCharsets.UTF_8);
    return new IdempotencyKey(UUID.nameUUIDFromBytes(name).toString());
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
