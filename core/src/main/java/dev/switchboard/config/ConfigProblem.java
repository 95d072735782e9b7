package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;

/**
 * One thing wrong with a configuration: the full key, where its value came from, and what is wrong.
 * The message never contains a secret. It quotes an offending value only when the value is short
 * and does not look like a credential ({@link dev.switchboard.Redaction#describe}); otherwise it
 * gives the value's length.
 *
 * <pre>{@code
 * new ConfigProblem("switchboard.payments.acme-pay.retry.max-attempts",
 *     "file /etc/app/switchboard.properties", "must be an integer, was 'three'")
 * }</pre>
 *
 * @param key the full key, such as {@code switchboard.payments.acme-pay.api-key}
 * @param source where the value came from (see {@link ValueOrigin}), or {@code not set}
 * @param message what is wrong, in words a person can act on
 */
public record ConfigProblem(String key, String source, String message) {
  public ConfigProblem {
    requireText("key", key);
    requireText("source", source);
    requireText("message", message);
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.invalidField(field, field + " must not be blank, was " + value);
    }
  }

  /** {@code key (source): message}, the line a {@link ConfigurationException} prints. */
  @Override
  public String toString() {
    return key + " (" + source + "): " + message;
  }
}
