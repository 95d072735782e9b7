package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import java.util.Locale;

/**
 * Where a Mailgun domain lives. A domain exists in one region only, and the API of the other region
 * does not know it (it answers 404).
 *
 * <pre>{@code
 * MailgunEmailSender.builder().region(MailgunRegion.EU)...
 * MailgunRegion.of("eu")   // from configuration
 * }</pre>
 */
public enum MailgunRegion {
  /** {@code https://api.mailgun.net/}, the default. */
  US("https://api.mailgun.net/"),
  /** {@code https://api.eu.mailgun.net/}. */
  EU("https://api.eu.mailgun.net/");

  private final String baseUrl;

  MailgunRegion(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The region's API base URL, ending in {@code /}. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The region named {@code us} or {@code eu}, in any case.
   *
   * @throws InvalidRequestException (field {@code region}) for any other name
   */
  public static MailgunRegion of(String name) {
    if (name != null) {
      switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "us":
          return US;
        case "eu":
          return EU;
        default:
          break;
      }
    }
    throw InvalidRequestException.invalidField(
        "region", "region must be us or eu, was " + Redaction.describe(name));
  }
}
