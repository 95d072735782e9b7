package dev.switchboard.testkit.simulator;

import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import okhttp3.HttpUrl;

/**
 * Signs webhook deliveries the way PayPal does, with TEST-ONLY keys: the body is a PayPal event
 * ({@code id}, {@code event_version}, {@code create_time}, {@code resource_type}, {@code
 * event_type}, {@code summary}, {@code resource}), and the headers are {@code
 * PAYPAL-TRANSMISSION-ID}, {@code PAYPAL-TRANSMISSION-TIME}, {@code PAYPAL-TRANSMISSION-SIG}
 * (base64 of {@code SHA256withRSA} over {@code transmissionId|transmissionTime|webhookId|crc32},
 * the CRC-32 of the raw body in unsigned decimal), {@code PAYPAL-CERT-URL} and {@code
 * PAYPAL-AUTH-ALGO}.
 *
 * <pre>{@code
 * PayPalWebhookSigner signer = PayPalWebhookSigner.builder()
 *     .webhookId("WH0TEST").clock(clock)
 *     .certificateUrl(simulator.certificateUrl(PayPalWebhookSigner.Key.TRUSTED))
 *     .build();
 * WebhookRequest request = signer.sign("PAYMENT.CAPTURE.COMPLETED", "{\"id\":\"42311647XV020574X\"}");
 *
 * PayPalWebhookVerifier verifier = PayPalWebhookVerifier.builder()
 *     .webhookId("WH0TEST").mode(Mode.OFFLINE).clock(clock)
 *     .trustStore(PayPalWebhookSigner.trustStore())
 *     .allowedCertificateHosts("127.0.0.1").allowPlainHttpOnLoopback(true)
 *     .build();
 * }</pre>
 *
 * <p>The keys and certificates (in {@code dev/switchboard/testkit/paypal-webhook/}, with a README
 * saying how they were made) are public: {@link #trustStore()} must never be trusted outside tests.
 * Every certificate is valid from 2024-01-01 to 2123-12-08. {@link PayPalWebhookSimulator} serves
 * the certificates and PayPal's verify API. Defaults: webhook id {@code WH0SWITCHBOARDTEST}, the
 * UTC system clock, key {@link Key#TRUSTED}, certificate URL {@code
 * https://api.sandbox.paypal.com/v1/notifications/certs/CERT-switchboard-test-trusted}. Immutable
 * and thread-safe.
 */
public final class PayPalWebhookSigner {
  /** The algorithm every test key signs with, as PayPal names it. */
  public static final String AUTH_ALGO = "SHA256withRSA";

  /** The User-Agent of webhook deliveries, in the form PayPal's carry. */
  public static final String WEBHOOK_USER_AGENT = "PayPal/AUHD-214.0-58765432";

  private static final String RESOURCES = "/dev/switchboard/testkit/paypal-webhook/";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** Which TEST-ONLY key signs, and so which certificate a verifier fetches. */
  public enum Key {
    /** CN {@code messageverificationcerts.sandbox.paypal.com}, issued by the test CA. */
    TRUSTED("leaf", true),
    /** CN {@code webhooks.attacker.example}, issued by the test CA: trusted, but not PayPal's. */
    OTHER_NAME("other-cn", true),
    /** CN {@code messageverificationcerts.sandbox.paypal.com}, self-signed: not trusted. */
    SELF_SIGNED("self-signed", false);

    private final String file;
    private final boolean issuedByTestCa;

    Key(String file, boolean issuedByTestCa) {
      this.file = file;
      this.issuedByTestCa = issuedByTestCa;
    }

    /** The path segment under which {@link PayPalWebhookSimulator} serves this key's chain. */
    public String certificateId() {
      return "CERT-switchboard-test-" + file;
    }

    /** The PEM chain served at the certificate URL: the signer's certificate, then the CA. */
    public String chainPem() {
      String own = resource(file + ".pem");
      return issuedByTestCa ? own + resource("ca.pem") : own;
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
      return certificate(resource(file + ".pem"));
    }

    PrivateKey privateKey() {
      String pem = resource(file + "-key.pem");
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      try {
        return KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("test key " + file + " is unreadable", e);
      }
    }

    private static X509Certificate certificate(String pem) {
      try {
        return (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("test certificate is unreadable", e);
      }
    }
  }

  private final String webhookId;
  private final Clock clock;
  private final HttpUrl certificateUrl;
  private final Key key;
  private final PrivateKey privateKey;
  private final Consumer<byte[]> signed;

  private PayPalWebhookSigner(Builder b) {
    this.webhookId = b.webhookId;
    this.clock = b.clock;
    this.certificateUrl = b.certificateUrl;
    this.key = b.key;
    this.privateKey = b.key.privateKey();
    this.signed = b.signed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy of this signer's settings, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The test CA's certificate: the one root that test certificates chain to. */
  public static X509Certificate caCertificate() {
    return Key.certificate(resource("ca.pem"));
  }

  /** An in-memory trust store holding only the test CA, for a verifier under test. */
  public static KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("switchboard-test-webhook-ca", caCertificate());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the test trust store could not be built", e);
    }
  }

  public String webhookId() {
    return webhookId;
  }

  public HttpUrl certificateUrl() {
    return certificateUrl;
  }

  public Key key() {
    return key;
  }

  /** A PayPal event of this type about {@code resourceJson} (a JSON object), created now. */
  public String event(String eventType, String resourceJson) {
    Objects.requireNonNull(eventType, "eventType == null");
    Objects.requireNonNull(resourceJson, "resourceJson == null");
    long n = SEQUENCE.incrementAndGet();
    String id = String.format("WH-%017dSWBTEST", n);
    return "{\"id\":\""
        + id
        + "\",\"event_version\":\"1.0\",\"create_time\":\""
        + DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        + "\",\"resource_type\":\""
        + resourceType(eventType)
        + "\",\"resource_version\":\"2.0\",\"event_type\":\""
        + eventType
        + "\",\"summary\":\"Switchboard test event "
        + eventType
        + "\",\"resource\":"
        + resourceJson
        + ",\"links\":[{\"href\":\"https://api.sandbox.paypal.com/v1/notifications/webhooks-events/"
        + id
        + "\",\"rel\":\"self\",\"method\":\"GET\"}]}";
  }

  /** A signed delivery of a new event of this type about {@code resourceJson}. */
  public WebhookRequest sign(String eventType, String resourceJson) {
    return sign(event(eventType, resourceJson).getBytes(StandardCharsets.UTF_8));
  }

  /** A signed delivery of exactly these body bytes, with a new transmission id and time now. */
  public WebhookRequest sign(byte[] body) {
    String transmissionId =
        UUID.nameUUIDFromBytes(
                ("switchboard-transmission-" + SEQUENCE.incrementAndGet())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return sign(body, transmissionId, clock.instant());
  }

  /**
   * The same event signed again as another transmission, as PayPal sends each attempt: the body
   * unchanged, a new transmission id and time (now) and their signature.
   */
  public WebhookRequest resign(WebhookRequest delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    return sign(delivery.body());
  }

  /**
   * Delivers this signer's events to {@code endpoint} over HTTP, as PayPal does: on {@link
   * RedeliverySchedule#paypal()} by this signer's clock, each attempt a new {@linkplain #resign
   * transmission}, with the User-Agent {@value #WEBHOOK_USER_AGENT}.
   *
   * <pre>{@code
   * WebhookDeliveries deliveries = signer.deliveries(receiver.url("/webhooks/paypal").uri());
   * deliveries.send(signer.sign("PAYMENT.CAPTURE.COMPLETED", "{\"id\":\"42311647XV020574X\"}"));
   * }</pre>
   */
  public WebhookDeliveries deliveries(URI endpoint) {
    return WebhookDeliveries.builder()
        .endpoint(endpoint)
        .clock(clock)
        .schedule(RedeliverySchedule.paypal())
        .userAgent(WEBHOOK_USER_AGENT)
        .resigner(this::resign)
        .build();
  }

  /** A signed delivery of these body bytes with this transmission id and time. */
  public WebhookRequest sign(byte[] body, String transmissionId, Instant transmissionTime) {
    String time =
        DateTimeFormatter.ISO_INSTANT.format(transmissionTime.truncatedTo(ChronoUnit.SECONDS));
    signed.accept(body.clone());
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("PAYPAL-TRANSMISSION-ID", transmissionId)
        .header("PAYPAL-TRANSMISSION-TIME", time)
        .header("PAYPAL-TRANSMISSION-SIG", signature(transmissionId, time, webhookId, body))
        .header("PAYPAL-CERT-URL", certificateUrl.toString())
        .header("PAYPAL-AUTH-ALGO", AUTH_ALGO)
        .body(body)
        .build();
  }

  /** Base64 of the signature over {@code transmissionId|time|webhookId|crc32(body)}. */
  public String signature(String transmissionId, String time, String webhookId, byte[] body) {
    try {
      Signature signer = Signature.getInstance(AUTH_ALGO);
      signer.initSign(privateKey);
      signer.update(signedText(transmissionId, time, webhookId, body));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with the test key failed", e);
    }
  }

  /**
   * Whether {@code signature} (base64) is this signer's key's signature of the delivery, as
   * PayPal's verify API decides.
   */
  public boolean verifies(
      String transmissionId, String time, String webhookId, byte[] body, String signature) {
    try {
      Signature verifier = Signature.getInstance(AUTH_ALGO);
      verifier.initVerify(key.certificate().getPublicKey());
      verifier.update(signedText(transmissionId, time, webhookId, body));
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] signedText(
      String transmissionId, String time, String webhookId, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return (transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String resourceType(String eventType) {
    if (eventType.startsWith("PAYMENT.CAPTURE.")) {
      return "capture";
    }
    if (eventType.startsWith("PAYMENT.AUTHORIZATION.")) {
      return "authorization";
    }
    if (eventType.startsWith("CHECKOUT.")) {
      return "checkout-order";
    }
    if (eventType.startsWith("CUSTOMER.DISPUTE.")) {
      return "dispute";
    }
    return "resource";
  }

  static String resource(String name) {
    try (InputStream in = PayPalWebhookSigner.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing testkit resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a {@link PayPalWebhookSigner}; every setting has a default. */
  public static final class Builder {
    private String webhookId = "WH0SWITCHBOARDTEST";
    private Clock clock = Clock.systemUTC();
    private HttpUrl certificateUrl =
        HttpUrl.get(
            "https://api.sandbox.paypal.com/v1/notifications/certs/" + Key.TRUSTED.certificateId());
    private Key key = Key.TRUSTED;
    private Consumer<byte[]> signed = body -> {};

    private Builder() {}

    private Builder(PayPalWebhookSigner s) {
      this.webhookId = s.webhookId;
      this.clock = s.clock;
      this.certificateUrl = s.certificateUrl;
      this.key = s.key;
      this.signed = s.signed;
    }

    /** Where each signed body goes: the simulator keeps events to serve them by id. */
    Builder onSigned(Consumer<byte[]> signed) {
      this.signed = Objects.requireNonNull(signed, "signed == null");
      return this;
    }

    /** The webhook id signed into every delivery. */
    public Builder webhookId(String webhookId) {
      this.webhookId = Objects.requireNonNull(webhookId, "webhookId == null");
      return this;
    }

    /** The time source for transmission and create times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The {@code PAYPAL-CERT-URL} sent with each delivery. */
    public Builder certificateUrl(HttpUrl certificateUrl) {
      this.certificateUrl = Objects.requireNonNull(certificateUrl, "certificateUrl == null");
      return this;
    }

    /** The TEST-ONLY key that signs. */
    public Builder key(Key key) {
      this.key = Objects.requireNonNull(key, "key == null");
      return this;
    }

    public PayPalWebhookSigner build() {
      return new PayPalWebhookSigner(this);
    }
  }
}
