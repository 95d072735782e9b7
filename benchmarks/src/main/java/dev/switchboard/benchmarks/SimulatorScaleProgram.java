package dev.switchboard.benchmarks;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.stripe.StripePaymentGateway;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the testkit's {@code StripeSimulator} keeps its speed as it fills up: one charge after
 * another through the real Stripe adapter, each with its own idempotency key (as the adapter always
 * sends one), until the simulator holds the largest size asked for. At each size it prints the
 * charges/s and the p50 and p99 of the last {@code window} charges before it, and the heap still in
 * use after a collection.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-Xmx512m
 * -cp %classpath dev.switchboard.benchmarks.SimulatorScaleProgram 5000,20000,40000,100000 2000"}.
 */
public final class SimulatorScaleProgram {
  private SimulatorScaleProgram() {}

  /**
   * {@code args}: the sizes in PaymentIntents, comma-separated (5,000, 20,000, 40,000 and 100,000),
   * and the window of charges timed before each (2,000).
   */
  public static void main(String[] args) {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "5000,20000,40000,100000").split(","))
            .mapToInt(Integer::parseInt)
            .sorted()
            .toArray();
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    try (StripeSimulator stripe = new StripeSimulator(Clock.systemUTC())) {
      stripe.start();
      StripePaymentGateway gateway =
          StripePaymentGateway.builder()
              .baseUrl(stripe.baseUrl().toString())
              .apiKey(StripeSimulator.TEST_API_KEY)
              .build();
      List<Long> nanos = new ArrayList<>();
      long windowStart = 0;
      int next = 0;
      for (int done = 1; next < sizes.length; done++) {
        if (done == sizes[next] - window + 1) {
          nanos.clear();
          windowStart = System.nanoTime();
        }
        long t = System.nanoTime();
        charge(gateway);
        nanos.add(System.nanoTime() - t);
        if (done == sizes[next]) {
          report(stripe, done, nanos, System.nanoTime() - windowStart);
          next++;
        }
      }
    }
  }

  private static void charge(StripePaymentGateway gateway) {
    gateway.charge(
        ChargeRequest.builder()
            .amount(Money.of("12.34", "EUR"))
            .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
            .idempotencyKey(IdempotencyKey.random())
            .build());
  }

  private static void report(StripeSimulator stripe, int size, List<Long> nanos, long elapsed) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    Runtime runtime = Runtime.getRuntime();
    System.gc(); // after the window: the heap that stays, not the garbage not yet collected
    System.out.printf(
        "%,7d intents (%s): last %,d charges p50 %.2f ms, p99 %.2f ms, %,.0f charges/s;"
            + " heap live %,d MB%n",
        size,
        stripe,
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted.length / (elapsed / 1e9),
        (runtime.totalMemory() - runtime.freeMemory()) >> 20);
  }
}
