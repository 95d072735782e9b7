package dev.switchboard.benchmarks;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.deferred.jdbc.JdbcDeferredCalls;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.FakePaymentGateway;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the deferred-call queue takes calls in and how fast it drains them once the vendor can
 * take them, on H2 (an embedded file) and on PostgreSQL (a real server on loopback):
 *
 * <ol>
 *   <li><b>enqueue</b>: N charges written by 1 and by 8 threads into an instance without workers (a
 *       web tier that only accepts orders), calls per second;
 *   <li><b>drain</b>: one or two worker instances (4 threads each, as configured by default) start
 *       on the filled queue and charge every call through a failover composite with a memory key
 *       ledger over an in-process fake vendor that answers at once; calls per second from the first
 *       start to the last {@code SUCCEEDED}, and the vendor's count of charges, which must equal N
 *       (each call charged once).
 * </ol>
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-Xmx1g -cp
 * %classpath dev.switchboard.benchmarks.DeferredQueueProgram h2 10000"} ({@code postgres} for
 * PostgreSQL).
 */
public final class DeferredQueueProgram {
  private static final AtomicLong KEYS = new AtomicLong();

  private DeferredQueueProgram() {}

  /** {@code args}: the store ({@code h2} or {@code postgres}) and how many calls (10,000). */
  public static void main(String[] args) throws Exception {
    String store = args.length > 0 ? args[0] : "h2";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("switchboard-deferred-bench");
    EmbeddedPostgres postgres = store.equals("postgres") ? EmbeddedPostgres.start() : null;
    String url =
        postgres != null
            ? postgres.getJdbcUrl("postgres", "postgres")
            : "jdbc:h2:file:" + dir.resolve("queue");
    try {
      System.out.printf("deferred queue on %s, %,d calls per run%n", store, count);
      boolean warm = false;
      // The first round warms the JIT and the database up, and is printed as such.
      for (int workers : new int[] {1, 1, 2}) {
        if (workers == 1 && !warm) {
          System.out.println(" warm-up:");
        } else if (workers == 1) {
          System.out.println(" measured:");
        }
        warm = true;
        try (JdbcDeferredCalls web = queue(url, postgres, null, false)) {
          enqueue(web, count / 2, 1);
          enqueue(web, count - count / 2, 8);
        }
        drain(url, postgres, count, workers);
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static JdbcDeferredCalls queue(
      String url, EmbeddedPostgres postgres, PaymentGateway payments, boolean workers) {
    JdbcDeferredCalls.Builder builder =
        JdbcDeferredCalls.builder()
            .url(url)
            .workers(workers)
            .pollingInterval(Duration.ofMillis(500));
    if (postgres != null) {
      builder.username("postgres");
    }
    if (payments != null) {
      builder.payments(payments);
    }
    return builder.build();
  }

  private static void enqueue(DeferredCalls queue, int count, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = count / threads + (t < count % threads ? 1 : 0);
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < share; i++) {
                  queue.charge(request());
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf(
        "  enqueue, %d thread%s: %,d calls in %.2f s, %,.0f calls/s%n",
        threads, threads == 1 ? "" : "s", count, seconds, count / seconds);
  }

  private static void drain(String url, EmbeddedPostgres postgres, int count, int instances)
      throws Exception {
    FakePaymentGateway vendor = FakePaymentGateway.builder().provider("acme").build();
    ResiliencePolicy policy = ResiliencePolicy.of("acme", ResilienceConfig.builder().build());
    StateStore state =
        StateStore.inMemory(Clock.systemUTC(), Duration.ofDays(1), Duration.ofDays(1));
    PaymentGateway payments =
        FailoverPaymentGateway.builder().add(vendor, policy).ledger(state.ledger()).build();
    CountDownLatch succeeded = new CountDownLatch(count);
    List<JdbcDeferredCalls> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < instances; i++) {
      JdbcDeferredCalls worker = queue(url, postgres, payments, true);
      worker.addListener(
          (call, outcome) -> {
            if (call.state() == DeferredState.SUCCEEDED) {
              succeeded.countDown();
            }
          });
      workers.add(worker);
    }
    boolean all = succeeded.await(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    long charges = vendor.payments().size();
    for (JdbcDeferredCalls worker : workers) {
      worker.close();
    }
    policy.close();
    state.close();
    System.out.printf(
        "  drain, %d worker instance%s: %s%,d calls in %.2f s, %,.0f calls/s;"
            + " the vendor made %,d charges%n",
        instances,
        instances == 1 ? "" : "s",
        all ? "" : "NOT ALL DONE: ",
        count - succeeded.getCount(),
        seconds,
        (count - succeeded.getCount()) / seconds,
        charges);
  }

  private static ChargeRequest request() {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(PaymentSource.token("acme", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of("deferred-bench-" + KEYS.incrementAndGet()))
        .build();
  }
}
