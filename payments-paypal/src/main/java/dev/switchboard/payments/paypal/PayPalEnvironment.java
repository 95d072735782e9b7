package dev.switchboard.payments.paypal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import java.util.Locale;
import java.util.Set;

/**
 * Which PayPal the gateway and the webhook verifier talk to when no base URL is given: the sandbox
 * (the default, so a configuration that forgets to choose never moves real money) or live.
 */
public enum PayPalEnvironment {
  /** {@code https://api-m.sandbox.paypal.com/}: test accounts, no real money. */
  SANDBOX(
      "https://api-m.sandbox.paypal.com/",
      Set.of("api.sandbox.paypal.com", "api-m.sandbox.paypal.com")),
  /** {@code https://api-m.paypal.com/}: real money. */
  LIVE("https://api-m.paypal.com/", Set.of("api.paypal.com", "api-m.paypal.com"));

  private final String baseUrl;
  private final Set<String> certificateHosts;

  PayPalEnvironment(String baseUrl, Set<String> certificateHosts) {
    this.baseUrl = baseUrl;
    this.certificateHosts = certificateHosts;
  }

  /** The environment's API base URL, ending in {@code /}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The hosts PayPal serves this environment's webhook signing certificates from. */
  Set<String> certificateHosts() {
    return certificateHosts;
  }

  /**
   * The environment named {@code sandbox} or {@code live}, in any case, around blanks.
   *
   * @throws InvalidRequestException naming {@code environment} for any other name
   */
  static PayPalEnvironment named(String name) {
    String value = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "sandbox":
        return SANDBOX;
      case "live":
        return LIVE;
      default:
        throw InvalidRequestException.invalidField(
            "environment", "environment must be sandbox or live, was " + Redaction.describe(name));
    }
  }
}
