package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import dev.switchboard.webhooks.http.JdkWebhookHandler;
import dev.switchboard.webhooks.http.WebhookEndpoint;
import dev.switchboard.webhooks.inbox.InboxState;
import dev.switchboard.webhooks.inbox.WebhookInbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How fast the webhook inbox acknowledges deliveries, and how many it sustains, on H2 (an embedded
 * file) and on PostgreSQL (a real server on loopback), behind the JDK HttpServer on loopback:
 *
 * <ol>
 *   <li><b>acknowledgement latency</b>: one client thread POSTs signed Stripe deliveries one after
 *       another; p50, p99 and max from the request's first byte to the 200 (verify the signature,
 *       claim the event id, store it with its execution, answer);
 *   <li><b>sustained deliveries</b>: 8 client threads POST N deliveries; acknowledged per second,
 *       then handled per second from the first delivery until every handler ran (4 worker threads).
 * </ol>
 *
 * <p>Deliveries are signed before the clock starts. The replay guard is the inbox's in-memory one
 * (one instance). Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec
 * -Dexec.args="-Xmx1g -Dsun.net.httpserver.nodelay=true -cp %classpath
 * dev.switchboard.benchmarks.WebhookInboxProgram h2 10000"} ({@code postgres} for PostgreSQL).
 */
public final class WebhookInboxProgram {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private WebhookInboxProgram() {}

  /** {@code args}: the store ({@code h2} or {@code postgres}) and how many deliveries (10,000). */
  public static void main(String[] args) throws Exception {
    String store = args.length > 0 ? args[0] : "h2";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("switchboard-webhooks-bench");
    EmbeddedPostgres postgres = store.equals("postgres") ? EmbeddedPostgres.start() : null;
    String url =
        postgres != null
            ? postgres.getJdbcUrl("postgres", "postgres")
            : "jdbc:h2:file:" + dir.resolve("inbox");
    AtomicInteger handled = new AtomicInteger();
    WebhookInbox.Builder builder =
        WebhookInbox.builder()
            .verifier(
                StripeWebhookVerifier.builder().secret(StripeSimulator.TEST_WEBHOOK_SECRET).build())
            .url(url)
            .pollingInterval(Duration.ofMillis(500))
            .on(WebhookEventTypes.PAYMENT_SUCCEEDED, e -> handled.incrementAndGet());
    if (postgres != null) {
      builder.username("postgres");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService serverThreads = Executors.newFixedThreadPool(16);
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(16, 1, java.util.concurrent.TimeUnit.MINUTES))
            .retryOnConnectionFailure(false)
            .build();
    try (WebhookInbox inbox = builder.build()) {
      JdkWebhookHandler.register(server, WebhookEndpoint.create(inbox));
      server.setExecutor(serverThreads);
      server.start();
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe";
      StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());
      System.out.printf("webhook inbox on %s, JDK HttpServer on loopback%n", store);

      System.out.println(" warm-up:");
      latency(client, endpoint, sign(stripe, 2_000));
      sustained(client, endpoint, sign(stripe, count), 8, inbox, handled);
      System.out.println(" measured:");
      latency(client, endpoint, sign(stripe, 5_000));
      sustained(client, endpoint, sign(stripe, count), 8, inbox, handled);
    } finally {
      server.stop(0);
      serverThreads.shutdownNow();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static List<WebhookRequest> sign(StripeSimulator stripe, int count) {
    List<WebhookRequest> deliveries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      deliveries.add(
          stripe.webhookEvent(
              "payment_intent.succeeded",
              Map.of("id", "pi_" + i, "object", "payment_intent", "status", "succeeded")));
    }
    return deliveries;
  }

  private static long post(OkHttpClient client, String endpoint, WebhookRequest delivery)
      throws Exception {
    Headers.Builder headers = new Headers.Builder();
    delivery.headers().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
    Request request =
        new Request.Builder()
            .url(endpoint)
            .headers(headers.build())
            .post(RequestBody.create(delivery.body(), JSON))
            .build();
    long start = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
      if (response.code() != 200) {
        throw new IllegalStateException("answered " + response.code());
      }
    }
    return System.nanoTime() - start;
  }

  private static void latency(OkHttpClient client, String endpoint, List<WebhookRequest> deliveries)
      throws Exception {
    long[] nanos = new long[deliveries.size()];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = post(client, endpoint, deliveries.get(i));
    }
    Arrays.sort(nanos);
    System.out.printf(
        "  acknowledgement, 1 client: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d deliveries)%n",
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) (nanos.length * 0.99)] / 1e6,
        nanos[nanos.length - 1] / 1e6,
        nanos.length);
  }

  private static void sustained(
      OkHttpClient client,
      String endpoint,
      List<WebhookRequest> deliveries,
      int threads,
      WebhookInbox inbox,
      AtomicInteger handled)
      throws Exception {
    long handledBefore = inbox.depth().get(InboxState.HANDLED);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong slowest = new AtomicLong();
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement();
                    i < deliveries.size();
                    i = next.getAndIncrement()) {
                  long took = post(client, endpoint, deliveries.get(i));
                  slowest.accumulateAndGet(took, Math::max);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double acked = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long target = handledBefore + deliveries.size();
    while (inbox.depth().get(InboxState.HANDLED) < target) {
      inbox.wakeUp();
      Thread.sleep(20);
    }
    double all = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "  %d clients: %,d deliveries acknowledged in %.2f s, %,.0f/s (slowest %.1f ms);"
            + " all handled after %.2f s, %,.0f/s; handler runs so far %,d%n",
        threads,
        deliveries.size(),
        acked,
        deliveries.size() / acked,
        slowest.get() / 1e6,
        all,
        deliveries.size() / all,
        handled.get());
  }
}
