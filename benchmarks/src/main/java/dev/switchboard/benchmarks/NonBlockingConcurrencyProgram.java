package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Many charges at once against a vendor that answers each after a fixed delay (issue 16's case:
 * 5,000 charges, 1 s), through Switchboard's full stack from configuration, three ways:
 *
 * <ul>
 *   <li>{@code async}: {@code switchboard.async().payments()}, every charge started from one
 *       thread, with the SDK's default HTTP client (OkHttp's dispatcher runs 64 calls per host);
 *   <li>{@code async-wide}: the same with an application OkHttp client whose dispatcher runs as
 *       many calls per host as there are charges;
 *   <li>{@code sync}: {@code switchboard.payments()}, one platform thread per charge;
 *   <li>{@code jdk}: no Switchboard at all, the same requests from the JDK's own non-blocking
 *       {@code java.net.http.HttpClient} (one selector thread, an executor of two), to show what a
 *       non-blocking transport under the same layers could give on this machine.
 * </ul>
 *
 * <p>Arguments: the ways (comma-separated), the number of charges, the vendor's delay in ms, and
 * how many rounds of each way to run in the JVM (1 by default; later rounds run warm). Run one
 * OkHttp way per JVM for clean thread counts: OkHttp's idle dispatcher threads live on for a minute
 * after a run. Each charge's bulkhead admits every call ({@code bulkhead.max-concurrent-calls} =
 * the number of charges). Reports the p50, p99 and longest charge, failures, and the most threads
 * alive at once in the client's pools: OkHttp's ({@code OkHttp ...}), Switchboard's ({@code
 * switchboard-...}), the callers' own ({@code caller-...}) and the JDK client's ({@code
 * HttpClient-...}, {@code jdk-http-...}); the vendor stand-in's threads are not counted. The
 * stand-in holds no thread per waiting request: it answers from a scheduler.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec \
 *   -Dexec.args="-Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp %classpath \
 *   dev.switchboard.benchmarks.NonBlockingConcurrencyProgram async-wide 5000 1000"
 * </pre>
 */
public final class NonBlockingConcurrencyProgram {
  private NonBlockingConcurrencyProgram() {}

  public static void main(String[] args) throws Exception {
    List<String> ways =
        Arrays.asList((args.length > 0 ? args[0] : "async,async-wide,sync").split(","));
    int charges = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    long delayMillis = args.length > 2 ? Long.parseLong(args[2]) : 1_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    try (DelayedVendor vendor = new DelayedVendor(delayMillis)) {
      System.out.printf(
          Locale.ROOT,
          "%d charges at once, the vendor answers each after %d ms; JDK %s, %d CPUs%n",
          charges,
          delayMillis,
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
      for (String way : ways) {
        for (int round = 0; round < rounds; round++) {
          run(way, charges, vendor);
        }
      }
    }
  }

  private static void run(String way, int charges, DelayedVendor vendor) throws Exception {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.payments.providers", "stripe")
            .put("switchboard.payments.stripe.base-url", vendor.baseUrl())
            .put("switchboard.payments.stripe.api-key", "${env:STRIPE_API_KEY}")
            .put(
                "switchboard.payments.stripe.bulkhead.max-concurrent-calls",
                Integer.toString(charges))
            .put("switchboard.payments.stripe.timeout.call", "10m")
            .environment(java.util.Map.of("STRIPE_API_KEY", StripeChargeBenchmark.API_KEY))
            .discoverSecretSources(false)
            .build();
    Switchboard.Builder builder =
        Switchboard.builder(config).registry(ProviderRegistry.builder().discover().build());
    if (way.equals("async-wide")) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(charges);
      dispatcher.setMaxRequestsPerHost(charges);
      builder.httpClient(new OkHttpClient.Builder().dispatcher(dispatcher).build());
    }
    if (way.equals("jdk")) {
      runJdk(charges, vendor);
      return;
    }
    ThreadCensus census = new ThreadCensus();
    long[] nanos = new long[charges];
    AtomicInteger failures = new AtomicInteger();
    java.util.Map<String, Integer> causes = new java.util.concurrent.ConcurrentHashMap<>();
    long started;
    long allStarted;
    long ended;
    try (Switchboard switchboard = builder.build()) {
      census.start();
      started = System.nanoTime();
      if (way.startsWith("async")) {
        List<CompletableFuture<Payment>> all = new ArrayList<>(charges);
        for (int i = 0; i < charges; i++) {
          long begun = System.nanoTime();
          int n = i;
          all.add(
              switchboard
                  .async()
                  .payments()
                  .charge(charge(way, i))
                  .whenComplete(
                      (payment, error) -> {
                        nanos[n] = System.nanoTime() - begun;
                        if (error != null) {
                          failures.incrementAndGet();
                          causes.merge(describe(error), 1, Integer::sum);
                        }
                      }));
        }
        allStarted = System.nanoTime();
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
            .handle((done, error) -> null)
            .get(30, TimeUnit.MINUTES);
      } else {
        CountDownLatch done = new CountDownLatch(charges);
        for (int i = 0; i < charges; i++) {
          int n = i;
          Thread caller =
              new Thread(
                  () -> {
                    long begun = System.nanoTime();
                    try {
                      switchboard.payments().charge(charge(way, n));
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                      causes.merge(describe(e), 1, Integer::sum);
                    } finally {
                      nanos[n] = System.nanoTime() - begun;
                      done.countDown();
                    }
                  },
                  "caller-" + n);
          caller.start();
        }
        allStarted = System.nanoTime();
        done.await();
      }
      ended = System.nanoTime();
      census.stop();
    }
    report(way, nanos, started, allStarted, ended, failures.get(), census, causes);
  }

  /** The same charges' requests from the JDK's HttpClient, with no Switchboard layer. */
  private static void runJdk(int charges, DelayedVendor vendor) throws Exception {
    AtomicInteger workers = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "jdk-http-" + workers.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .executor(executor)
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    java.net.URI uri = java.net.URI.create(vendor.baseUrl() + "/v1/payment_intents");
    ThreadCensus census = new ThreadCensus();
    long[] nanos = new long[charges];
    AtomicInteger failures = new AtomicInteger();
    java.util.Map<String, Integer> causes = new java.util.concurrent.ConcurrentHashMap<>();
    census.start();
    long started = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>(charges);
    for (int i = 0; i < charges; i++) {
      long begun = System.nanoTime();
      int n = i;
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Authorization", "Bearer " + StripeChargeBenchmark.API_KEY)
              .header("Idempotency-Key", "jdk-" + n + "-" + begun)
              .POST(
                  java.net.http.HttpRequest.BodyPublishers.ofString(
                      "amount=1234&currency=eur&payment_method=pm_card_visa&confirm=true"))
              .build();
      all.add(
          client
              .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete(
                  (response, error) -> {
                    nanos[n] = System.nanoTime() - begun;
                    if (error != null || response.statusCode() != 200) {
                      failures.incrementAndGet();
                      causes.merge(
                          error != null ? describe(error) : "HTTP " + response.statusCode(),
                          1,
                          Integer::sum);
                    }
                  }));
    }
    long allStarted = System.nanoTime();
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .handle((done, error) -> null)
        .get(30, TimeUnit.MINUTES);
    long ended = System.nanoTime();
    census.stop();
    executor.shutdownNow();
    report("jdk", nanos, started, allStarted, ended, failures.get(), census, causes);
  }

  private static void report(
      String way,
      long[] nanos,
      long started,
      long allStarted,
      long ended,
      int failures,
      ThreadCensus census,
      java.util.Map<String, Integer> causes) {
    int charges = nanos.length;
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-10s p50 %7.0f ms  p99 %7.0f ms  max %7.0f ms  started in %5.1f s  all done in %6.1f s"
            + "  failed %d  threads at most: %d (OkHttp %d, switchboard %d, callers %d, JDK"
            + " client %d)%n",
        way,
        nanos[charges / 2] / 1e6,
        nanos[(int) (charges * 0.99) - 1] / 1e6,
        nanos[charges - 1] / 1e6,
        (allStarted - started) / 1e9,
        (ended - started) / 1e9,
        failures,
        census.peakTotal(),
        census.peakOkHttp(),
        census.peakSwitchboard(),
        census.peakCallers(),
        census.peakJdk());
    causes.forEach((cause, count) -> System.out.printf(Locale.ROOT, "  %5d x %s%n", count, cause));
  }

  /** A failure's kind and reason, with the request ids taken out so that kinds add up. */
  private static String describe(Throwable error) {
    Throwable e = dev.switchboard.internal.Futures.unwrap(error);
    String reason =
        e instanceof dev.switchboard.SwitchboardException s
            ? s.reason()
            : String.valueOf(e.getMessage());
    return e.getClass().getSimpleName() + ": " + reason.replaceAll("[0-9a-f-]{36}", "…");
  }

  private static ChargeRequest charge(String way, int n) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(PaymentSource.token("stripe", "pm_card_visa"))
        .idempotencyKey(IdempotencyKey.of(way + "-" + n + "-" + System.nanoTime()))
        .build();
  }

  /** The most client-side threads alive at once, sampled every 20 ms. */
  private static final class ThreadCensus {
    private final Thread sampler = new Thread(this::sample, "census");
    private volatile boolean running = true;
    private int okhttp;
    private int switchboard;
    private int callers;
    private int jdk;
    private int total;

    void start() {
      sampler.setDaemon(true);
      sampler.start();
    }

    void stop() throws InterruptedException {
      running = false;
      sampler.join();
    }

    private void sample() {
      while (running) {
        int o = 0;
        int s = 0;
        int c = 0;
        int j = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          String name = t.getName();
          if (name.startsWith("OkHttp")) {
            o++;
          } else if (name.startsWith("switchboard-")) {
            s++;
          } else if (name.startsWith("caller-")) {
            c++;
          } else if (name.startsWith("jdk-http-") || name.startsWith("HttpClient-")) {
            j++;
          }
        }
        synchronized (this) {
          okhttp = Math.max(okhttp, o);
          switchboard = Math.max(switchboard, s);
          callers = Math.max(callers, c);
          jdk = Math.max(jdk, j);
          total = Math.max(total, o + s + c + j);
        }
        try {
          TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    synchronized int peakTotal() {
      return total;
    }

    synchronized int peakOkHttp() {
      return okhttp;
    }

    synchronized int peakSwitchboard() {
      return switchboard;
    }

    synchronized int peakCallers() {
      return callers;
    }

    synchronized int peakJdk() {
      return jdk;
    }
  }

  /**
   * Stripe's charge answer after a fixed delay, from a scheduler: no thread waits per request, so
   * thousands of requests can be pending at once.
   */
  private static final class DelayedVendor implements AutoCloseable {
    private final HttpServer server;
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(4);
    private final ExecutorService reads = Executors.newFixedThreadPool(4);
    private final byte[] body =
        StripeChargeBenchmark.PAYMENT_INTENT.getBytes(StandardCharsets.UTF_8);

    DelayedVendor(long delayMillis) throws IOException {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10_000);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            answers.schedule(() -> answer(exchange), delayMillis, TimeUnit.MILLISECONDS);
          });
      server.setExecutor(reads);
      server.start();
    }

    private void answer(HttpExchange exchange) {
      try (exchange) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_delayed");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException e) {
        // The client gave up on this request; nothing to answer.
      }
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      answers.shutdownNow();
      reads.shutdownNow();
    }
  }
}
