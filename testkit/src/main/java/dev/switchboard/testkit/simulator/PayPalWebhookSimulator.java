package dev.switchboard.testkit.simulator;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

/**
 * PayPal's webhook side, on a local server: it serves the TEST-ONLY signing certificates of {@link
 * PayPalWebhookSigner} and answers {@code POST /v1/notifications/verify-webhook-signature} as
 * PayPal does, with {@code POST /v1/oauth2/token} for the bearer token it requires.
 *
 * <ul>
 *   <li>{@code GET /v1/notifications/certs/<Key.certificateId()>}: the key's PEM chain;
 *   <li>{@code POST /v1/oauth2/token}: Basic {@code client_id:secret} (default {@code
 *       client-id-fake} and {@code secret-fake}) and {@code grant_type=client_credentials} get a
 *       new token valid for 9 hours; {@link #expireTokens()} makes every token issued so far answer
 *       401;
 *   <li>{@code POST /v1/notifications/verify-webhook-signature} with a valid bearer token: {@code
 *       SUCCESS} when {@code transmission_sig} is the {@link PayPalWebhookSigner.Key#TRUSTED} key's
 *       signature over the transmission id, time, webhook id and the CRC-32 of the <em>exact
 *       bytes</em> of {@code webhook_event} as they appear in the request (so a client that
 *       re-serializes the event fails, as it does at PayPal), and {@code cert_url} names that key's
 *       certificate; {@code FAILURE} otherwise; 400 {@code VALIDATION_ERROR} when a field is
 *       missing;
 *   <li>{@code GET /v1/notifications/webhooks-events/<event_id>} with a valid bearer token: the
 *       event exactly as a signer of {@link #signer(String, PayPalWebhookSigner.Key)} signed it
 *       (PayPal's own copy, for verifiers that confirm by fetching), or 404 {@code
 *       RESOURCE_NOT_FOUND} for an event none of them signed.
 * </ul>
 *
 * <p>Every answer carries a {@code Paypal-Debug-Id}; errors use PayPal's {@code {name, message,
 * debug_id}} body. Faults come from {@link VendorSimulator}. To serve the verify API or the events
 * from another simulator, route them to {@link #verifySignature(RecordedRequest)} and {@link
 * #webhookEvent(RecordedRequest)} after that simulator's own bearer check.
 *
 * <pre>{@code
 * try (PayPalWebhookSimulator paypal = new PayPalWebhookSimulator(clock)) {
 *   HttpUrl base = paypal.start();
 *   PayPalWebhookSigner signer = paypal.signer("WH0TEST", PayPalWebhookSigner.Key.TRUSTED);
 *   WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", "{\"id\":\"42311647XV020574X\"}");
 * }
 * }</pre>
 */
public final class PayPalWebhookSimulator extends VendorSimulator {
  /** The path of PayPal's signature check. */
  public static final String VERIFY_PATH = "/v1/notifications/verify-webhook-signature";

  /** The path under which events are served by id. */
  public static final String EVENTS_PATH = "/v1/notifications/webhooks-events/";

  private static final String CERTS_PATH = "/v1/notifications/certs/";
  private static final String TOKEN_PATH = "/v1/oauth2/token";
  private static final long TOKEN_SECONDS = 32_400;

  private final Clock clock;
  private final Set<String> tokens = new HashSet<>();
  private final Map<String, byte[]> events = new HashMap<>();
  private String clientId = "client-id-fake";
  private String clientSecret = "secret-fake";
  private long counter;
  private long debugIds;

  /** A simulator whose signers use this clock. */
  public PayPalWebhookSimulator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** Where this simulator serves the key's certificate chain; needs {@link #start()}. */
  public HttpUrl certificateUrl(PayPalWebhookSigner.Key key) {
    return baseUrl().resolve(CERTS_PATH + key.certificateId());
  }

  /**
   * A signer for this webhook id whose deliveries point at this simulator's certificate; the
   * simulator keeps each event it signs, to serve it by id.
   */
  public PayPalWebhookSigner signer(String webhookId, PayPalWebhookSigner.Key key) {
    return PayPalWebhookSigner.builder()
        .webhookId(webhookId)
        .clock(clock)
        .key(key)
        .certificateUrl(certificateUrl(key))
        .onSigned(this::remember)
        .build();
  }

  /** Keeps a signed body under its top-level {@code id}, when it is a JSON object with one. */
  private synchronized void remember(byte[] body) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("id") && reader.peek() == JsonReader.Token.STRING) {
          events.put(reader.nextString(), body);
          return;
        }
        reader.skipValue();
      }
    } catch (IOException | RuntimeException e) {
      // Not an event (tests sign malformed bodies on purpose): there is nothing to serve.
    }
  }

  /** The client id and secret the token endpoint accepts (from now on). */
  public synchronized void clientCredentials(String clientId, String clientSecret) {
    this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
  }

  /**
   * Forgets every issued token and signed event and accepts the default client credentials again.
   * Signers made earlier keep working; their next events are remembered anew.
   */
  @Override
  protected void resetState() {
    tokens.clear();
    events.clear();
    clientId = "client-id-fake";
    clientSecret = "secret-fake";
  }

  /** Makes every token issued so far invalid: the next call with one answers 401. */
  public synchronized void expireTokens() {
    tokens.clear();
  }

  @Override
  protected MockResponse.Builder handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    if ("GET".equals(method) && path.startsWith(CERTS_PATH)) {
      return certificate(request);
    }
    if ("POST".equals(method) && path.equals(TOKEN_PATH)) {
      return token(request);
    }
    boolean verify = "POST".equals(method) && path.equals(VERIFY_PATH);
    boolean event = "GET".equals(method) && path.startsWith(EVENTS_PATH);
    if (verify || event) {
      String authorization = request.getHeaders().get("Authorization");
      if (authorization == null
          || !authorization.startsWith("Bearer ")
          || !tokens.contains(authorization.substring(7))) {
        return error(401, "AUTHENTICATION_FAILURE", "Authentication failed due to invalid token.");
      }
      return verify ? verifySignature(request) : webhookEvent(request);
    }
    return error(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.");
  }

  /** Serves the chain of the key named in the path, or 404. */
  public synchronized MockResponse.Builder certificate(RecordedRequest request) {
    String id = request.getUrl().encodedPath().substring(CERTS_PATH.length());
    for (PayPalWebhookSigner.Key key : PayPalWebhookSigner.Key.values()) {
      if (key.certificateId().equals(id)) {
        return answer(200).setHeader("Content-Type", "application/x-pem-file").body(key.chainPem());
      }
    }
    return error(404, "RESOURCE_NOT_FOUND", "No certificate " + id + ".");
  }

  /**
   * PayPal's "show event notification details", without the bearer check (see the class comment):
   * the signed event named in the path, byte for byte, or 404.
   */
  public synchronized MockResponse.Builder webhookEvent(RecordedRequest request) {
    String id = request.getUrl().encodedPath().substring(EVENTS_PATH.length());
    byte[] event = events.get(id);
    if (event == null) {
      return error(
          404, "RESOURCE_NOT_FOUND", "The requested resource ID was not found: " + id + ".");
    }
    return answer(200)
        .setHeader("Content-Type", "application/json")
        .body(new Buffer().write(event));
  }

  /** PayPal's verify-webhook-signature, without the bearer check (see the class comment). */
  public synchronized MockResponse.Builder verifySignature(RecordedRequest request) {
    Map<String, String> fields = new HashMap<>();
    ByteString event = null;
    try (JsonReader reader = JsonReader.of(new Buffer().write(bytes(request.getBody())))) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("webhook_event")) {
          if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
            return validation("webhook_event", "INVALID_PARAMETER_SYNTAX");
          }
          event = reader.nextSource().readByteString();
        } else {
          fields.put(name, reader.nextString());
        }
      }
      reader.endObject();
    } catch (IOException | RuntimeException e) {
      return error(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect.");
    }
    for (String name :
        new String[] {
          "auth_algo",
          "cert_url",
          "transmission_id",
          "transmission_sig",
          "transmission_time",
          "webhook_id"
        }) {
      if (fields.get(name) == null || fields.get(name).isEmpty()) {
        return validation(name, "MISSING_REQUIRED_PARAMETER");
      }
    }
    if (event == null) {
      return validation("webhook_event", "MISSING_REQUIRED_PARAMETER");
    }
    HttpUrl certUrl = HttpUrl.parse(fields.get("cert_url"));
    boolean trustedCert =
        certUrl != null
            && certUrl
                .encodedPath()
                .equals(CERTS_PATH + PayPalWebhookSigner.Key.TRUSTED.certificateId());
    boolean verified =
        trustedCert
            && PayPalWebhookSigner.AUTH_ALGO.equalsIgnoreCase(fields.get("auth_algo"))
            && PayPalWebhookSigner.builder()
                .key(PayPalWebhookSigner.Key.TRUSTED)
                .build()
                .verifies(
                    fields.get("transmission_id"),
                    fields.get("transmission_time"),
                    fields.get("webhook_id"),
                    event.toByteArray(),
                    fields.get("transmission_sig"));
    return answer(200)
        .setHeader("Content-Type", "application/json")
        .body("{\"verification_status\":\"" + (verified ? "SUCCESS" : "FAILURE") + "\"}");
  }

  private MockResponse.Builder token(RecordedRequest request) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(request.getHeaders().get("Authorization"))) {
      return answer(401)
          .setHeader("Content-Type", "application/json")
          .body(
              "{\"error\":\"invalid_client\",\"error_description\":\"Client Authentication failed\"}");
    }
    String form = new String(bytes(request.getBody()), StandardCharsets.UTF_8);
    if (!form.contains("grant_type=client_credentials")) {
      return error(400, "INVALID_REQUEST", "grant_type=client_credentials is required.");
    }
    String token = "A21AA-fake-webhook-token-" + (++counter);
    tokens.add(token);
    return answer(200)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"scope\":\"https://uri.paypal.com/services/applications/webhooks\",\"access_token\":\""
                + token
                + "\",\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\",\"expires_in\":"
                + TOKEN_SECONDS
                + "}");
  }

  @Override
  protected MockResponse.Builder faultResponse(int status, RecordedRequest request) {
    String name =
        switch (status) {
          case 429 -> "RATE_LIMIT_REACHED";
          case 503 -> "SERVICE_UNAVAILABLE";
          default -> "INTERNAL_SERVER_ERROR";
        };
    return error(status, name, "An internal server error has occurred.");
  }

  private MockResponse.Builder validation(String field, String issue) {
    String debugId = debugId();
    return answer(400, debugId)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"name\":\"VALIDATION_ERROR\",\"message\":\"Invalid request - see details\","
                + "\"debug_id\":\""
                + debugId
                + "\",\"details\":[{\"field\":\"/"
                + field
                + "\",\"location\":\"body\",\"issue\":\""
                + issue
                + "\"}]}");
  }

  private MockResponse.Builder error(int status, String name, String message) {
    String debugId = debugId();
    return answer(status, debugId)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"name\":\""
                + name
                + "\",\"message\":\""
                + message
                + "\",\"debug_id\":\""
                + debugId
                + "\"}");
  }

  private MockResponse.Builder answer(int status) {
    return answer(status, debugId());
  }

  private static MockResponse.Builder answer(int status, String debugId) {
    return new MockResponse.Builder().code(status).setHeader("Paypal-Debug-Id", debugId);
  }

  private synchronized String debugId() {
    return String.format("f00d%08x", ++debugIds);
  }

  private static byte[] bytes(ByteString body) {
    return body == null ? new byte[0] : body.toByteArray();
  }
}
