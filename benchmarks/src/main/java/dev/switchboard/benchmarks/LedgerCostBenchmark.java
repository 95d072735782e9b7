package dev.switchboard.benchmarks;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.jdbc.JdbcStateStore;
import dev.switchboard.state.redis.RedisStateStore;
import dev.switchboard.testkit.FakePaymentGateway;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

/**
 * What the key ledger adds to a charge: the same charge through the same resilience policy, once
 * straight ({@code none}) and once through a failover composite whose ledger lives in memory, in H2
 * (a file), in PostgreSQL or in Redis (both real servers on loopback). The vendor is an in-process
 * stub answering at once, so the difference between the rows is the ledger: one claim before the
 * charge and one settle after it.
 *
 * <p>{@code settle=background} writes each charge's outcome on a background thread ({@code
 * switchboard.state.ledger.settle-in-background}), so the charge waits for the claim alone.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec} (add {@code
 * -Djmh.args="LedgerCost -p store=memory,postgres -p settle=sync"} to choose). Each charge has a
 * new key, as a shop's checkout would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class LedgerCostBenchmark {
  @Param({"none", "memory", "h2", "postgres", "redis"})
  public String store;

  /** {@code sync}: the outcome is written before the charge returns; {@code background}: after. */
  @Param({"sync", "background"})
  public String settle;

  private final AtomicLong keys = new AtomicLong();
  private ResiliencePolicy policy;
  private PaymentGateway vendor;
  private PaymentGateway composite;
  private StateStore state;
  private EmbeddedPostgres postgres;
  private RedisServer redis;
  private Path h2Dir;
  private ExecutorService settler;

  @Setup(Level.Trial)
  public void start() throws IOException {
    Payment answer =
        FakePaymentGateway.builder().provider("acme").build().charge(request("warm-up"));
    vendor = new AnsweringGateway(answer);
    policy = ResiliencePolicy.of("acme", ResilienceConfig.builder().build());
    Clock clock = Clock.systemUTC();
    Duration week = Duration.ofDays(7);
    state =
        switch (store) {
          case "none" -> null;
          case "memory" -> StateStore.inMemory(clock, week, week);
          case "h2" -> {
            h2Dir = Files.createTempDirectory("switchboard-bench");
            yield JdbcStateStore.builder()
                .url("jdbc:h2:file:" + h2Dir.resolve("state"))
                .clock(clock)
                .build();
          }
          case "postgres" -> {
            postgres = EmbeddedPostgres.start();
            yield JdbcStateStore.builder()
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .clock(clock)
                .build();
          }
          case "redis" -> {
            int port = freePort();
            redis =
                RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            yield RedisStateStore.builder().uri("redis://127.0.0.1:" + port).clock(clock).build();
          }
          default -> throw new IllegalArgumentException("unknown store " + store);
        };
    if (state != null) {
      FailoverPaymentGateway.Builder builder =
          FailoverPaymentGateway.builder().add(vendor, policy).ledger(state.ledger());
      if (settle.equals("background")) {
        settler = Executors.newSingleThreadExecutor();
        builder.settleInBackground(settler);
      }
      composite = builder.build();
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, InterruptedException {
    policy.close();
    if (settler != null) {
      settler.shutdown();
      settler.awaitTermination(1, TimeUnit.MINUTES);
    }
    if (state != null) {
      state.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  @Benchmark
  public Payment charge() {
    ChargeRequest request = request("order-" + keys.incrementAndGet());
    if (composite == null) {
      return policy.execute("charge", request.idempotencyKey(), () -> vendor.charge(request));
    }
    return composite.charge(request);
  }

  private static ChargeRequest request(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("25.00", "EUR"))
        .source(PaymentSource.token("acme", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A vendor that answers every charge at once with the same payment. */
  private static final class AnsweringGateway implements PaymentGateway {
    private final Payment answer;

    AnsweringGateway(Payment answer) {
      this.answer = answer;
    }

    @Override
    public String provider() {
      return "acme";
    }

    @Override
    public Payment charge(ChargeRequest request) {
      return answer;
    }

    @Override
    public Payment capture(CaptureRequest request) {
      return answer;
    }

    @Override
    public Payment cancel(CancelRequest request) {
      return answer;
    }

    @Override
    public Refund refund(RefundRequest request) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public Payment get(PaymentId id) {
      return answer;
    }

    @Override
    public boolean supports(ChargeRequest request) {
      return true;
    }
  }
}
