package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.WebhookVerifier;
import dev.switchboard.webhooks.WebhookVerifiers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayPalWebhookVerifierFactoryTest {
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CAPTURE = "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\"}";
  static final String CLIENT_SECRET = "secret-fake";
  static final String STORE_PASSWORD = "store-password-fake";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path dir;
  private PayPalWebhookSimulator paypal;
  private PayPalWebhookSigner signer;

  @BeforeEach
  void start() {
    paypal = new PayPalWebhookSimulator(clock);
    paypal.start();
    signer = paypal.signer(WEBHOOK_ID, Key.TRUSTED);
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private SwitchboardConfig config(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put("switchboard.webhooks." + keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.builder().putAll(values).clock(clock).build();
  }

  /** The testkit's CA in a PKCS12 file, as an operator would hand in their own roots. */
  private Path trustStoreFile() throws Exception {
    Path file = dir.resolve("paypal-test-roots.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("test-ca", PayPalWebhookSigner.caCertificate());
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  private String[] offline(String... more) throws Exception {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "paypal.webhook-id",
                WEBHOOK_ID,
                "paypal.mode",
                "offline",
                "paypal.trust-store",
                trustStoreFile().toString(),
                "paypal.trust-store-password",
                STORE_PASSWORD,
                "paypal.allowed-certificate-hosts",
                paypal.baseUrl().host(),
                "paypal.allow-plain-http-on-loopback",
                "true"));
    keys.addAll(List.of(more));
    return keys.toArray(String[]::new);
  }

  private String[] api(String... more) {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "paypal.webhook-id",
                WEBHOOK_ID,
                "paypal.base-url",
                paypal.baseUrl().toString(),
                "paypal.client-id",
                "client-id-fake",
                "paypal.client-secret",
                CLIENT_SECRET));
    keys.addAll(List.of(more));
    return keys.toArray(String[]::new);
  }

  private WebhookRequest tampered() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    return WebhookRequest.of(
        signed.headers(),
        signed
            .bodyAsString()
            .replace("42311647XV020574X", "99999999XV0")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static Problem problem(WebhookVerifier verifier, WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      return e.problem();
    }
    throw new AssertionError("the delivery was accepted");
  }

  private static ConfigurationException refused(SwitchboardConfig config) {
    try {
      WebhookVerifiers.create(config, "paypal");
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }

  private static List<String> keys(ConfigurationException e) {
    return e.problems().stream().map(ConfigProblem::key).toList();
  }

  @Test
  void offlineModeVerifiesWithTheConfiguredTrustStoreAndRefusesATamperedDelivery()
      throws Exception {
    WebhookVerifier verifier = WebhookVerifiers.create(config(offline()), "paypal");

    assertThat(verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.provider()).isEqualTo("paypal");
              assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
            });
    assertThat(problem(verifier, tampered())).isEqualTo(Problem.SIGNATURE_MISMATCH);
    assertThat(verifier.toString()).contains("mode=OFFLINE").doesNotContain(STORE_PASSWORD);
  }

  @Test
  void theCertificateIsFetchedThroughTheApplicationsHttpClient() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    okhttp3.OkHttpClient corporate =
        new okhttp3.OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(chain.request().url().encodedPath());
                  return chain.proceed(chain.request());
                })
            .build();
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(offline()),
            "paypal",
            null,
            dev.switchboard.http.HttpClients.builder().baseClient(corporate).build());

    assertThat(verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE))).hasSize(1);
    assertThat(seen).isNotEmpty().allMatch(path -> path.contains("cert"));
  }

  @Test
  void offlineModeWithoutTheTestRootsDoesNotTrustTheTestCertificate() throws Exception {
    WebhookVerifier verifier =
        WebhookVerifiers.create(
            config(
                "paypal.webhook-id",
                WEBHOOK_ID,
                "paypal.mode",
                "offline",
                "paypal.allowed-certificate-hosts",
                paypal.baseUrl().host(),
                "paypal.allow-plain-http-on-loopback",
                "true"),
            "paypal");

    assertThat(problem(verifier, signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isEqualTo(Problem.SIGNATURE_MISMATCH);
  }

  @Test
  void apiModeAsksPayPalWithTheConfiguredCredentials() {
    WebhookVerifier verifier = WebhookVerifiers.create(config(api()), "paypal");

    assertThat(verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE))).hasSize(1);
    assertThat(problem(verifier, tampered())).isEqualTo(Problem.SIGNATURE_MISMATCH);
    assertThat(verifier.toString()).contains("mode=API").doesNotContain(CLIENT_SECRET);
  }

  @Test
  void aTransmissionIdIsAcceptedOnceThroughTheGuardHandedIn() {
    ReplayGuard shared = ReplayGuard.inMemory(Duration.ofMinutes(10), clock);
    List<String> purposes = new ArrayList<>();
    WebhookVerifier one =
        WebhookVerifiers.create(
            config(api()),
            "paypal",
            purpose -> {
              purposes.add(purpose);
              return shared;
            });
    WebhookVerifier another = WebhookVerifiers.create(config(api()), "paypal", p -> shared);
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    one.verify(delivery);

    assertThat(problem(another, delivery)).isEqualTo(Problem.REPLAYED);
    assertThat(purposes).containsExactly("webhooks-paypal-transmissions");
  }

  @Test
  void missingRequiredKeysAreEachNamed() {
    ConfigurationException e = refused(config("paypal.environment", "live"));

    assertThat(keys(e))
        .containsExactly(
            "switchboard.webhooks.paypal.client-id",
            "switchboard.webhooks.paypal.client-secret",
            "switchboard.webhooks.paypal.webhook-id");
    assertThat(e.getMessage()).contains("is required in api mode");
  }

  @Test
  void offlineModeNeedsNoCredentialsButConfirmingByFetchingDoes() throws Exception {
    ConfigurationException e = refused(config(offline("paypal.confirm-by-fetching", "true")));

    assertThat(keys(e))
        .containsExactly(
            "switchboard.webhooks.paypal.client-id", "switchboard.webhooks.paypal.client-secret");
    assertThat(e.getMessage()).contains("to confirm by fetching");
  }

  @Test
  void badValuesAreReportedAtOnceUnderTheirFullKeysWithoutSecrets() {
    ConfigurationException e =
        refused(
            config(
                api(
                    "paypal.mode", "sometimes",
                    "paypal.environment", "staging",
                    "paypal.tolerance", "2d",
                    "paypal.webhook-id", "not an id!",
                    "paypal.certificate-cache-size", "0",
                    "paypal.read-timeout", "0s",
                    "paypal.trust-store", dir.resolve("missing.p12").toString())));

    assertThat(keys(e))
        .containsExactly(
            "switchboard.webhooks.paypal.certificate-cache-size",
            "switchboard.webhooks.paypal.environment",
            "switchboard.webhooks.paypal.mode",
            "switchboard.webhooks.paypal.read-timeout",
            "switchboard.webhooks.paypal.tolerance",
            "switchboard.webhooks.paypal.trust-store",
            "switchboard.webhooks.paypal.webhook-id");
    assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void aWrongTrustStorePasswordIsNamedButNotShown() throws Exception {
    ConfigurationException e =
        refused(config(offline("paypal.trust-store-password", "wrong-password-fake")));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.paypal.trust-store");
    assertThat(e.getMessage()).doesNotContain("wrong-password-fake").doesNotContain(STORE_PASSWORD);
  }

  @Test
  void aClientSecretOfTheWrongShapeIsNamedButNotShown() {
    String spaced = "secret fake with spaces";
    ConfigurationException e = refused(config(api("paypal.client-secret", spaced)));

    assertThat(keys(e)).containsExactly("switchboard.webhooks.paypal.client-secret");
    assertThat(e.getMessage()).doesNotContain(spaced);
  }
}
