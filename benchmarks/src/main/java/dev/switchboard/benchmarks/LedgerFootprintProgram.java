package dev.switchboard.benchmarks;

import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * How much heap the memory store's key ledger keeps per settled charge: N charges claimed and
 * settled as the payments composite records them (a caller's key, a SHA-256 request fingerprint in
 * base64url, a vendor id), then the heap used after a full collection, against the same heap before
 * them. This is what sizing {@code switchboard.state.ledger.retention} on the memory store comes
 * down to: keys per second × retention × bytes per key.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-Xmx1g -cp
 * %classpath dev.switchboard.benchmarks.LedgerFootprintProgram 500000"}.
 */
public final class LedgerFootprintProgram {
  private LedgerFootprintProgram() {}

  /** Claims and settles {@code args[0]} (default 500,000) charges and prints bytes per record. */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    try (StateStore store =
        StateStore.inMemory(Clock.systemUTC(), Duration.ofDays(7), Duration.ofDays(7))) {
      KeyLedger ledger = store.ledger();
      long before = usedAfterGc();
      for (int i = 0; i < count; i++) {
        String key = "order-" + (10_000_000 + i) + "-charge";
        String fingerprint =
            base64url.encodeToString(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        Claim claim = ledger.claim("payments.charge", key, "stripe", key, fingerprint);
        ledger.settle(claim.record(), LedgerState.SUCCEEDED, "pi_3Q" + (100_000_000L + i) + "xyz");
      }
      long after = usedAfterGc();
      System.out.printf(
          "%,d records kept: %,d bytes of heap, %.0f bytes per record%n",
          count, after - before, (after - before) / (double) count);
      // Keeps the store reachable until it was measured.
      System.out.println(ledger.find("payments.charge", "order-10000000-charge").isPresent());
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
