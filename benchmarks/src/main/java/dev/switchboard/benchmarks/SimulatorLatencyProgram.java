package dev.switchboard.benchmarks;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.stripe.StripePaymentGateway;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.util.Arrays;

/**
 * How long one charge takes against the testkit's {@code StripeSimulator} on loopback, through the
 * real Stripe adapter, one call after another: what a user's test suite pays per call. The answer
 * has a JSON body, the case that waited ~40 ms for a delayed ACK while the simulator's sockets kept
 * Nagle's algorithm on.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-cp
 * %classpath dev.switchboard.benchmarks.SimulatorLatencyProgram 2000"}.
 */
public final class SimulatorLatencyProgram {
  private SimulatorLatencyProgram() {}

  /** {@code args}: how many charges to time (2,000), after as many to warm up. */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    try (StripeSimulator stripe = new StripeSimulator(java.time.Clock.systemUTC())) {
      stripe.start();
      StripePaymentGateway gateway =
          StripePaymentGateway.builder()
              .baseUrl(stripe.baseUrl().toString())
              .apiKey(StripeSimulator.TEST_API_KEY)
              .build();
      time(gateway, count, "warm-up");
      time(gateway, count, "measured");
    }
  }

  private static void time(StripePaymentGateway gateway, int count, String label) {
    long[] nanos = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      gateway.charge(
          ChargeRequest.builder()
              .amount(Money.of("12.34", "EUR"))
              .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
              .idempotencyKey(IdempotencyKey.random())
              .build());
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    System.out.printf(
        "%s: %,d charges, p50 %.2f ms, p99 %.2f ms, %,.0f charges/s%n",
        label, count, nanos[count / 2] / 1e6, nanos[(int) (count * 0.99)] / 1e6, count / seconds);
  }
}
