package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The five headers PayPal signs a delivery with, read and checked against the limits of PayPal's
 * verify-webhook-signature request (so that nothing malformed is forwarded to PayPal).
 *
 * @param transmissionId {@code PAYPAL-TRANSMISSION-ID}, unique per delivery
 * @param transmissionTime {@code PAYPAL-TRANSMISSION-TIME} exactly as sent, since it is signed
 * @param sentAt the transmission time parsed
 * @param signature {@code PAYPAL-TRANSMISSION-SIG} as sent (base64)
 * @param signatureBytes the signature decoded
 * @param certUrl {@code PAYPAL-CERT-URL} as sent
 * @param parsedCertUrl the certificate URL parsed
 * @param authAlgo {@code PAYPAL-AUTH-ALGO} as sent, such as {@code SHA256withRSA}
 */
record TransmissionHeaders(
    String transmissionId,
    String transmissionTime,
    Instant sentAt,
    String signature,
    byte[] signatureBytes,
    String certUrl,
    HttpUrl parsedCertUrl,
    String authAlgo) {

  static final String TRANSMISSION_ID = "PAYPAL-TRANSMISSION-ID";
  static final String TRANSMISSION_TIME = "PAYPAL-TRANSMISSION-TIME";
  static final String TRANSMISSION_SIG = "PAYPAL-TRANSMISSION-SIG";
  static final String CERT_URL = "PAYPAL-CERT-URL";
  static final String AUTH_ALGO = "PAYPAL-AUTH-ALGO";

  private static final Pattern ID = Pattern.compile("(?!\\d+$)\\w\\S{0,49}");
  private static final Pattern ALGO = Pattern.compile("[A-Za-z0-9]{1,100}");
  private static final int MAX_TIME = 100;
  private static final int MAX_SIGNATURE = 1024;
  private static final int MAX_CERT_URL = 500;

  /**
   * Reads the headers of a delivery.
   *
   * @throws WebhookVerificationException {@code MISSING_HEADER} for an absent or empty header,
   *     {@code MALFORMED_HEADER} for one that is repeated with different values or cannot be read
   */
  static TransmissionHeaders read(WebhookRequest request, WebhookChecks checks) {
    ErrorContext context = checks.context();
    String id = single(request, TRANSMISSION_ID, checks);
    String time = single(request, TRANSMISSION_TIME, checks);
    String signature = single(request, TRANSMISSION_SIG, checks);
    String certUrl = single(request, CERT_URL, checks);
    String algo = single(request, AUTH_ALGO, checks);
    if (!ID.matcher(id).matches()) {
      throw malformed(TRANSMISSION_ID, "is not a PayPal transmission id", context);
    }
    Instant sentAt = parseTime(time, context);
    byte[] signatureBytes;
    try {
      signatureBytes =
          signature.length() > MAX_SIGNATURE ? null : Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      signatureBytes = null;
    }
    if (signatureBytes == null || signatureBytes.length == 0) {
      throw malformed(
          TRANSMISSION_SIG, "is not base64 of at most " + MAX_SIGNATURE + " characters", context);
    }
    HttpUrl parsedCertUrl = certUrl.length() > MAX_CERT_URL ? null : HttpUrl.parse(certUrl);
    if (parsedCertUrl == null) {
      throw malformed(
          CERT_URL, "is not an http(s) URL of at most " + MAX_CERT_URL + " characters", context);
    }
    if (!ALGO.matcher(algo).matches()) {
      throw malformed(AUTH_ALGO, "is not an algorithm name", context);
    }
    return new TransmissionHeaders(
        id, time, sentAt, signature, signatureBytes, certUrl, parsedCertUrl, algo);
  }

  private static Instant parseTime(String time, ErrorContext context) {
    if (time.length() > MAX_TIME) {
      throw malformed(TRANSMISSION_TIME, "is too long", context);
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(time, Instant::from);
    } catch (DateTimeParseException e) {
      throw new WebhookVerificationException(
          Problem.MALFORMED_HEADER,
          TRANSMISSION_TIME + " is not an RFC 3339 date-time",
          context,
          e);
    }
  }

  private static String single(WebhookRequest request, String name, WebhookChecks checks) {
    String value = checks.requireHeader(request, name);
    for (String other : request.headerValues(name)) {
      if (!other.trim().equals(value)) {
        throw malformed(name, "is sent more than once with different values", checks.context());
      }
    }
    return value;
  }

  private static WebhookVerificationException malformed(
      String name, String what, ErrorContext context) {
    return new WebhookVerificationException(
        Problem.MALFORMED_HEADER, "header " + name + " " + what, context);
  }

  /** Names the transmission; the signature is left out (it is public, but long and useless). */
  @Override
  public String toString() {
    return "TransmissionHeaders{id=" + transmissionId + ", time=" + transmissionTime + "}";
  }
}
