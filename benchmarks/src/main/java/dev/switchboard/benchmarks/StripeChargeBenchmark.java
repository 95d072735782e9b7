package dev.switchboard.benchmarks;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.stripe.StripePaymentGateway;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Header;
import retrofit2.http.POST;

/**
 * One Stripe charge ({@code POST /v1/payment_intents}, confirmed, automatic capture) six ways,
 * against the same local server answering a canned succeeded PaymentIntent:
 *
 * <ul>
 *   <li>{@code switchboard}: the full stack from {@code Switchboard.fromConfig} (failover
 *       composite, resilience policy, adapter);
 *   <li>{@code switchboard-no-call-timeout}: the same with {@code timeout.call=0}, so that no call
 *       deadline is started or handed to OkHttp (both run on the caller's thread);
 *   <li>{@code adapter}: {@link StripePaymentGateway} alone, no policy;
 *   <li>{@code okhttp}: a bare OkHttp client posting the same form with the same headers, reading
 *       the body as a string (no JSON mapping);
 *   <li>{@code retrofit}: bare Retrofit with Moshi, as an application's own client would be: the
 *       same form and headers, and the answer read into a class with the fields the adapter reads;
 *   <li>{@code stripe-java}: Stripe's own SDK ({@link StripeClient}, its default HttpURLConnection
 *       client) with its API base on the local server.
 * </ul>
 *
 * <p>Each charge has a new idempotency key. {@code latency} is one thread ({@code SampleTime}: p50,
 * p99); {@code throughput} is eight threads. Run: {@code ./mvnw -q -pl benchmarks -am package
 * -DskipTests exec:exec -Djmh.args="StripeCharge"}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class StripeChargeBenchmark {
  static final String API_KEY = "sk_test_fake_benchmark_key_0000000000";
  static final String PAYMENT_METHOD = "pm_card_visa";

  /** The shape the testkit's StripeSimulator answers for a confirmed, captured PaymentIntent. */
  static final String PAYMENT_INTENT =
      """
      {"id":"pi_bench0001","object":"payment_intent","amount":2500,"amount_capturable":0,\
      "amount_received":2500,"canceled_at":null,"cancellation_reason":null,\
      "capture_method":"automatic","client_secret":"pi_bench0001_secret_fake",\
      "confirmation_method":"automatic","created":1767225600,"currency":"eur","customer":null,\
      "description":null,"last_payment_error":null,"latest_charge":"ch_bench0001",\
      "livemode":false,"metadata":{},"next_action":null,"payment_method":"pm_card_visa",\
      "payment_method_types":["card"],"status":"succeeded"}""";

  @Param({
    "switchboard",
    "switchboard-no-call-timeout",
    "adapter",
    "okhttp",
    "retrofit",
    "stripe-java"
  })
  public String client;

  private final AtomicLong keys = new AtomicLong();
  private CannedVendorServer server;
  private Switchboard switchboard;
  private PaymentGateway gateway;
  private OkHttpClient okhttp;
  private okhttp3.HttpUrl okhttpUrl;
  private StripeService retrofit;
  private StripeClient stripe;
  private PaymentIntentCreateParams stripeParams;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server =
        CannedVendorServer.start(
            Map.of(
                "POST /v1/payment_intents",
                CannedVendorServer.Answer.json(
                    200, PAYMENT_INTENT, Map.of("Request-Id", "req_bench0001"))));
    String base = server.baseUrl();
    switch (client) {
      case "switchboard", "switchboard-no-call-timeout" -> {
        SwitchboardConfig.Builder config =
            SwitchboardConfig.builder()
                .put("switchboard.payments.providers", "stripe")
                .put("switchboard.payments.stripe.base-url", base)
                .put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}")
                .environment(Map.of("STRIPE_API_KEY", API_KEY))
                .discoverSecretSources(false);
        if (client.equals("switchboard-no-call-timeout")) {
          config.put("switchboard.payments.stripe.timeout.call", "0");
        }
        switchboard =
            Switchboard.fromConfig(config.build(), ProviderRegistry.builder().discover().build());
        gateway = switchboard.payments();
      }
      case "adapter" ->
          gateway = StripePaymentGateway.builder().baseUrl(base).apiKey(API_KEY).build();
      case "okhttp" -> {
        okhttp = new OkHttpClient();
        okhttpUrl = okhttp3.HttpUrl.get(base + "/v1/payment_intents");
      }
      case "retrofit" -> {
        okhttp = new OkHttpClient();
        retrofit = BareRetrofit.create(base, okhttp, StripeService.class);
      }
      case "stripe-java" -> {
        stripe =
            StripeClient.builder()
                .setApiKey(API_KEY)
                .setApiBase(base)
                .setMaxNetworkRetries(0)
                .build();
        stripeParams =
            PaymentIntentCreateParams.builder()
                .setAmount(2500L)
                .setCurrency("eur")
                .setPaymentMethod(PAYMENT_METHOD)
                .setConfirm(true)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .setAutomaticPaymentMethods(
                    PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(
                            PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .build();
      }
      default -> throw new IllegalArgumentException("unknown client " + client);
    }
    // One charge before measuring, so that a wrong answer fails the trial at once.
    Object first = charge();
    if (first == null) {
      throw new IllegalStateException("no answer from " + client);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    System.out.printf(
        "%n%s: %d connections for %d requests%n", client, server.connections(), server.requests());
    Teardown.closeAll(switchboard, okhttp, server);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object latency() throws Exception {
    return charge();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public Object throughput() throws Exception {
    return charge();
  }

  private Object charge() throws IOException {
    String key = "order-" + keys.incrementAndGet();
    switch (client) {
      case "switchboard", "switchboard-no-call-timeout", "adapter" -> {
        return gateway.charge(
            ChargeRequest.builder()
                .amount(Money.of("25.00", "EUR"))
                .source(PaymentSource.token("stripe", PAYMENT_METHOD))
                .idempotencyKey(IdempotencyKey.of(key))
                .build());
      }
      case "okhttp" -> {
        FormBody form =
            new FormBody.Builder()
                .add("amount", "2500")
                .add("currency", "eur")
                .add("payment_method", PAYMENT_METHOD)
                .add("confirm", "true")
                .add("capture_method", "automatic")
                .add("automatic_payment_methods[enabled]", "true")
                .add("automatic_payment_methods[allow_redirects]", "never")
                .build();
        Request request =
            new Request.Builder()
                .url(okhttpUrl)
                .header("Authorization", "Bearer " + API_KEY)
                .header("Stripe-Version", StripePaymentGateway.DEFAULT_API_VERSION)
                .header("Idempotency-Key", key)
                .post(form)
                .build();
        try (Response response = okhttp.newCall(request).execute()) {
          if (!response.isSuccessful()) {
            throw new IOException("HTTP " + response.code());
          }
          return response.body().string();
        }
      }
      case "retrofit" -> {
        retrofit2.Response<PaymentIntent> response =
            retrofit
                .create(
                    "Bearer " + API_KEY,
                    StripePaymentGateway.DEFAULT_API_VERSION,
                    key,
                    2500,
                    "eur",
                    PAYMENT_METHOD,
                    true,
                    "automatic",
                    true,
                    "never")
                .execute();
        if (!response.isSuccessful() || response.body() == null) {
          throw new IOException("HTTP " + response.code());
        }
        return response.body();
      }
      case "stripe-java" -> {
        try {
          return stripe
              .v1()
              .paymentIntents()
              .create(stripeParams, RequestOptions.builder().setIdempotencyKey(key).build());
        } catch (StripeException e) {
          throw new IOException(e);
        }
      }
      default -> throw new IllegalStateException(client);
    }
  }

  /** Bare Retrofit's view of the charge call. */
  interface StripeService {
    @FormUrlEncoded
    @POST("v1/payment_intents")
    retrofit2.Call<PaymentIntent> create(
        @Header("Authorization") String authorization,
        @Header("Stripe-Version") String version,
        @Header("Idempotency-Key") String idempotencyKey,
        @Field("amount") long amount,
        @Field("currency") String currency,
        @Field("payment_method") String paymentMethod,
        @Field("confirm") boolean confirm,
        @Field("capture_method") String captureMethod,
        @Field("automatic_payment_methods[enabled]") boolean automatic,
        @Field("automatic_payment_methods[allow_redirects]") String allowRedirects);
  }

  /**
   * The fields of a PaymentIntent that Switchboard's adapter reads, as bare Retrofit reads them.
   */
  public static final class PaymentIntent {
    public String id;
    public Long amount;
    public Long amount_received;
    public String capture_method;
    public String currency;
    public String status;
    public Long created;
    public Map<String, String> metadata;
    public String latest_charge;
  }
}
