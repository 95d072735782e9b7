package dev.switchboard.config;

/**
 * The three ports a provider can serve, each with its own block of configuration keys.
 *
 * <pre>{@code
 * Port.PAYMENTS.prefix()   // "switchboard.payments."
 * }</pre>
 */
public enum Port {
  PAYMENTS("payments"),
  EMAIL("email"),
  STORAGE("storage");

  private final String key;

  Port(String key) {
    this.key = key;
  }

  /** The port's name in configuration keys: {@code payments}, {@code email} or {@code storage}. */
  public String key() {
    return key;
  }

  /** The prefix of every key of this port, such as {@code switchboard.email.}. */
  public String prefix() {
    return "switchboard." + key + ".";
  }

  /** The prefix of one provider's keys, such as {@code switchboard.email.acme-mail.}. */
  public String prefix(String provider) {
    return prefix() + provider + ".";
  }
}
