package dev.switchboard.payments.paypal;

/**
 * Which PayPal the gateway talks to when no base URL is given: the sandbox (the default, so a
 * configuration that forgets to choose never moves real money) or live.
 */
public enum PayPalEnvironment {
  /** {@code https://api-m.sandbox.paypal.com/}: test accounts, no real money. */
  SANDBOX("https://api-m.sandbox.paypal.com/"),
  /** {@code https://api-m.paypal.com/}: real money. */
  LIVE("https://api-m.paypal.com/");

  private final String baseUrl;

  PayPalEnvironment(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The environment's API base URL, ending in {@code /}. */
  public String baseUrl() {
    return baseUrl;
  }
}
