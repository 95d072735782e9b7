package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.ErrorContext;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Verifies a delivery without calling PayPal: the signature in {@code PAYPAL-TRANSMISSION-SIG}
 * (base64) must verify, with the public key of the certificate at {@code PAYPAL-CERT-URL} and the
 * algorithm in {@code PAYPAL-AUTH-ALGO}, over the UTF-8 bytes of
 *
 * <pre>{@code transmissionId|transmissionTime|webhookId|crc32}</pre>
 *
 * where {@code crc32} is the CRC-32 of the raw body as an unsigned decimal number (as PayPal's own
 * SDKs compute it) and the transmission time is the header exactly as sent. The certificate comes
 * from {@link CertificateSource}, which only fetches it from allowed hosts and checks its chain,
 * validity and name.
 */
final class OfflineSignatureCheck implements SignatureCheck {
  /** The algorithms accepted in {@code PAYPAL-AUTH-ALGO}, by lower-case name. */
  static final Map<String, String> ALGORITHMS =
      Map.of(
          "sha256withrsa", "SHA256withRSA",
          "sha384withrsa", "SHA384withRSA",
          "sha512withrsa", "SHA512withRSA");

  private final CertificateSource certificates;
  private final String webhookId;

  OfflineSignatureCheck(CertificateSource certificates, String webhookId) {
    this.certificates = certificates;
    this.webhookId = webhookId;
  }

  @Override
  public void check(
      TransmissionHeaders headers,
      byte[] body,
      WebhookMapper.ParsedBody parsed,
      ErrorContext context) {
    String algorithm = ALGORITHMS.get(headers.authAlgo().toLowerCase(Locale.ROOT));
    if (algorithm == null) {
      throw new WebhookVerificationException(
          Problem.MALFORMED_HEADER,
          "header "
              + TransmissionHeaders.AUTH_ALGO
              + " names an algorithm not accepted: "
              + headers.authAlgo(),
          context);
    }
    X509Certificate certificate = certificates.signingCertificate(headers.parsedCertUrl(), context);
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(signedText(headers, webhookId, body).getBytes(StandardCharsets.UTF_8));
      valid = verifier.verify(headers.signatureBytes());
    } catch (GeneralSecurityException e) {
      // A key of another type, or a signature of the wrong length: it does not verify.
      valid = false;
    }
    if (!valid) {
      throw new WebhookVerificationException(
          Problem.SIGNATURE_MISMATCH,
          "the signature does not match transmission "
              + headers.transmissionId()
              + " (body, transmission id, time or webhook id differ from what PayPal signed)",
          context);
    }
  }

  /** The text PayPal signs. */
  static String signedText(TransmissionHeaders headers, String webhookId, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return headers.transmissionId()
        + '|'
        + headers.transmissionTime()
        + '|'
        + webhookId
        + '|'
        + crc.getValue();
  }
}
