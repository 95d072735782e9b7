package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, when an adapter is built, that each credential can be sent as it is: not empty, and only
 * printable ASCII without whitespace, as every vendor's keys, ids and tokens are. A key that fails
 * this would fail every call; refused at start-up, it is reported under its configuration key
 * instead. It checks the shape only, so a vendor's test, live and restricted keys all pass.
 *
 * <pre>{@code
 * public AcmeGateway build() {
 *   CredentialCheck.create().secret("api-key", apiKey).throwIfProblems();
 *   ...
 * }
 * }</pre>
 *
 * <p>A problem is recorded under the builder's setting name, such as {@code api-key}; when a
 * provider factory builds the adapter, {@link ProviderRegistry} reports it under the full key, such
 * as {@code switchboard.payments.acme-pay.api-key}. No message quotes the value. Not thread-safe.
 */
public final class CredentialCheck {
  private static final String SOURCE = "builder";

  private final List<ConfigProblem> problems = new ArrayList<>();

  private CredentialCheck() {}

  /** An empty check. */
  public static CredentialCheck create() {
    return new CredentialCheck();
  }

  /**
   * What makes {@code value} unusable as a credential, in words that never quote it, or empty when
   * it can be sent as it is. Positions are counted from 1.
   */
  public static Optional<String> problem(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of("is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x21 && c <= 0x7e) {
        continue;
      }
      String where = " at character " + (i + 1) + " of " + value.length();
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of(
            i == value.length() - 1
                ? "ends with whitespace, such as a line break (character " + (i + 1) + ")"
                : "contains whitespace" + where);
      }
      if (Character.isISOControl(c)) {
        return Optional.of("contains a control character" + where);
      }
      return Optional.of("contains a character that is not printable ASCII" + where);
    }
    return Optional.empty();
  }

  /**
   * Checks a credential that is not secret, such as a client or access key id. A null value is not
   * checked: the builder says whether it is required.
   */
  public CredentialCheck value(String setting, String value) {
    if (value != null) {
      problem(value).ifPresent(message -> add(setting, message));
    }
    return this;
  }

  /**
   * Checks a secret's current value. A null secret is not checked, nor is the placeholder a
   * configuration answers for a secret it could not resolve: that problem is reported already.
   */
  public CredentialCheck secret(String setting, Secret secret) {
    if (secret != null && !secret.isUnresolved()) {
      problem(secret.value()).ifPresent(message -> add(setting, message));
    }
    return this;
  }

  private void add(String setting, String message) {
    problems.add(new ConfigProblem(setting, SOURCE, message));
  }

  /**
   * Throws if any credential was refused.
   *
   * @throws ConfigurationException listing every refused credential by its setting's name
   */
  public void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }
}
