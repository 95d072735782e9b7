package dev.switchboard.benchmarks;

import com.sendgrid.Method;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.sendgrid.SendGridEmailSender;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
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
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;

/**
 * One SendGrid send ({@code POST /v3/mail/send}, answered 202 with {@code X-Message-Id}) six ways,
 * against the same local server:
 *
 * <ul>
 *   <li>{@code switchboard}: the full stack from {@code Switchboard.fromConfig};
 *   <li>{@code switchboard-no-call-timeout}: the same with {@code timeout.call=0} (no call
 *       deadline);
 *   <li>{@code adapter}: {@link SendGridEmailSender} alone, no policy;
 *   <li>{@code okhttp}: a bare OkHttp client posting an equivalent JSON body (a constant string)
 *       with the same headers;
 *   <li>{@code retrofit}: bare Retrofit with Moshi, as an application's own client would be: the
 *       same message as records that Moshi writes, the same headers;
 *   <li>{@code sendgrid-java}: SendGrid's own SDK in its plain-HTTP test mode with its host on the
 *       local server, over an Apache HttpClient pooling up to 16 connections (its default pools two
 *       per host, which would queue the eight-thread run).
 * </ul>
 *
 * <p>{@code latency} is one thread ({@code SampleTime}); {@code throughput} eight. Run: {@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Djmh.args="SendGridSend"}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class SendGridSendBenchmark {
  static final String API_KEY = "SG.fake_benchmark_key.0000000000000000000000";
  static final String BODY =
      "{\"personalizations\":[{\"to\":[{\"email\":\"ann@example.com\"}]}],"
          + "\"from\":{\"email\":\"shop@example.com\"},\"subject\":\"Receipt\","
          + "\"content\":[{\"type\":\"text/plain\",\"value\":\"Thanks\"}]}";
  private static final MediaType JSON = MediaType.get("application/json");

  @Param({
    "switchboard",
    "switchboard-no-call-timeout",
    "adapter",
    "okhttp",
    "retrofit",
    "sendgrid-java"
  })
  public String client;

  private final AtomicLong keys = new AtomicLong();
  private CannedVendorServer server;
  private Switchboard switchboard;
  private EmailSender sender;
  private OkHttpClient okhttp;
  private HttpUrl okhttpUrl;
  private SendGridService retrofit;
  private CloseableHttpClient apache;
  private SendGrid sendgrid;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server =
        CannedVendorServer.start(
            Map.of(
                "POST /v3/mail/send",
                new CannedVendorServer.Answer(
                    202, Map.of("X-Message-Id", "bench-message-0001"), new byte[0])));
    String base = server.baseUrl();
    switch (client) {
      case "switchboard", "switchboard-no-call-timeout" -> {
        SwitchboardConfig.Builder config =
            SwitchboardConfig.builder()
                .put("switchboard.email.providers", "sendgrid")
                .put("switchboard.email.sendgrid.base-url", base)
                .put("switchboard.email.sendgrid.api-key", "${env:SENDGRID_API_KEY}")
                .environment(Map.of("SENDGRID_API_KEY", API_KEY))
                .discoverSecretSources(false);
        if (client.equals("switchboard-no-call-timeout")) {
          config.put("switchboard.email.sendgrid.timeout.call", "0");
        }
        switchboard =
            Switchboard.fromConfig(config.build(), ProviderRegistry.builder().discover().build());
        sender = switchboard.email();
      }
      case "adapter" ->
          sender = SendGridEmailSender.builder().baseUrl(base).apiKey(Secret.of(API_KEY)).build();
      case "okhttp" -> {
        okhttp = new OkHttpClient();
        okhttpUrl = HttpUrl.get(base + "/v3/mail/send");
      }
      case "retrofit" -> {
        okhttp = new OkHttpClient();
        retrofit = BareRetrofit.create(base, okhttp, SendGridService.class);
      }
      case "sendgrid-java" -> {
        apache = HttpClients.custom().setMaxConnPerRoute(16).setMaxConnTotal(16).build();
        sendgrid = new SendGrid(API_KEY, new com.sendgrid.Client(apache, true));
        sendgrid.setHost("127.0.0.1:" + server.port());
      }
      default -> throw new IllegalArgumentException("unknown client " + client);
    }
    Object first = send();
    if (first == null) {
      throw new IllegalStateException("no answer from " + client);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    System.out.printf(
        "%n%s: %d connections for %d requests%n", client, server.connections(), server.requests());
    Teardown.closeAll(switchboard, okhttp, apache, server);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object latency() throws Exception {
    return send();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public Object throughput() throws Exception {
    return send();
  }

  private Object send() throws IOException {
    String key = "receipt-" + keys.incrementAndGet();
    switch (client) {
      case "switchboard", "switchboard-no-call-timeout", "adapter" -> {
        return sender.send(
            EmailMessage.builder()
                .from("shop@example.com")
                .to("ann@example.com")
                .subject("Receipt")
                .text("Thanks")
                .idempotencyKey(IdempotencyKey.of(key))
                .build());
      }
      case "okhttp" -> {
        Request request =
            new Request.Builder()
                .url(okhttpUrl)
                .header("Authorization", "Bearer " + API_KEY)
                .post(RequestBody.create(BODY, JSON))
                .build();
        try (Response response = okhttp.newCall(request).execute()) {
          if (response.code() != 202) {
            throw new IOException("HTTP " + response.code());
          }
          return response.header("X-Message-Id");
        }
      }
      case "retrofit" -> {
        MailJson mail =
            new MailJson(
                List.of(new PersonalizationJson(List.of(new AddressJson("ann@example.com")))),
                new AddressJson("shop@example.com"),
                "Receipt",
                List.of(new ContentJson("text/plain", "Thanks")));
        retrofit2.Response<Void> response = retrofit.send("Bearer " + API_KEY, mail).execute();
        if (response.code() != 202) {
          throw new IOException("HTTP " + response.code());
        }
        return response.headers().get("X-Message-Id");
      }
      case "sendgrid-java" -> {
        Mail mail =
            new Mail(
                new Email("shop@example.com"),
                "Receipt",
                new Email("ann@example.com"),
                new Content("text/plain", "Thanks"));
        com.sendgrid.Request request = new com.sendgrid.Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        request.setBody(mail.build());
        com.sendgrid.Response response = sendgrid.api(request);
        if (response.getStatusCode() != 202) {
          throw new IOException("HTTP " + response.getStatusCode() + " " + response.getBody());
        }
        // The JDK server writes header names as "X-message-id"; sendgrid-java keeps them as sent.
        return response.getHeaders().entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase("X-Message-Id"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new IOException("no X-Message-Id"));
      }
      default -> throw new IllegalStateException(client);
    }
  }

  /** Bare Retrofit's view of the send call. */
  interface SendGridService {
    @POST("v3/mail/send")
    retrofit2.Call<Void> send(@Header("Authorization") String authorization, @Body MailJson mail);
  }

  /** The message as bare Retrofit's Moshi writes it. */
  public record MailJson(
      List<PersonalizationJson> personalizations,
      AddressJson from,
      String subject,
      List<ContentJson> content) {}

  /** One personalization: its recipients. */
  public record PersonalizationJson(List<AddressJson> to) {}

  /** An address. */
  public record AddressJson(String email) {}

  /** A body part. */
  public record ContentJson(String type, String value) {}
}
