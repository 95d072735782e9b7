package dev.switchboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.resilience.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryKeyLedgerTest {
  private static final Duration RETENTION = Duration.ofHours(1);
  private final MutableClock clock = MutableClock.start();
  private final MemoryKeyLedger ledger = new MemoryKeyLedger(clock, RETENTION, 10);

  @Test
  void recordsWhoseRetentionEndedAreDroppedThoughTheirKeysAreNeverSeenAgain() {
    for (int i = 0; i < 1_000; i++) {
      Claim claim = ledger.claim("payments.charge", "order-" + i, "acme", "order-" + i, "fp");
      ledger.settle(claim.record(), LedgerState.SUCCEEDED, "pay_" + i);
    }
    assertThat(ledger.size()).isEqualTo(1_000);

    clock.advance(RETENTION);
    ledger.claim("payments.charge", "order-new", "acme", "order-new", "fp");

    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void aRecordChangedLaterOutlivesOlderOnesInTheSameMap() {
    Claim first = ledger.claim("payments.charge", "a", "acme", "a", "fp");
    ledger.claim("payments.charge", "b", "acme", "b", "fp");
    clock.advance(Duration.ofMinutes(30));
    ledger.settle(first.record(), LedgerState.UNKNOWN, null);

    clock.advance(Duration.ofMinutes(30));
    ledger.claim("payments.charge", "c", "acme", "c", "fp");

    assertThat(ledger.find("payments.charge", "b")).isEmpty();
    assertThat(ledger.find("payments.charge", "a"))
        .hasValueSatisfying(record -> assertThat(record.state()).isEqualTo(LedgerState.UNKNOWN));
    assertThat(ledger.size()).isEqualTo(2);
  }

  @Test
  void beyondTheCapTheOldestFailedRecordsGoAndNoOtherRecordDoes() {
    Claim kept = ledger.claim("payments.charge", "paid", "acme", "paid", "fp");
    ledger.settle(kept.record(), LedgerState.SUCCEEDED, "pay_1");
    for (int i = 0; i < 15; i++) {
      Claim claim = ledger.claim("payments.charge", "failed-" + i, "acme", "failed-" + i, "fp");
      ledger.settle(claim.record(), LedgerState.FAILED, null);
    }

    assertThat(ledger.size()).isEqualTo(1 + 10);
    assertThat(ledger.find("payments.charge", "failed-0")).isEmpty();
    assertThat(ledger.find("payments.charge", "failed-4")).isEmpty();
    assertThat(ledger.find("payments.charge", "failed-5")).isPresent();
    assertThat(ledger.find("payments.charge", "paid")).isPresent();
  }

  @Test
  void aFailedRecordClaimedAgainIsNotEvictedAsFailed() {
    Claim first = ledger.claim("payments.charge", "again", "acme", "again", "fp");
    ledger.settle(first.record(), LedgerState.FAILED, null);
    Claim second = ledger.claim("payments.charge", "again", "backup", "again-backup", "fp");
    assertThat(second.won()).isTrue();
    for (int i = 0; i < 12; i++) {
      Claim claim = ledger.claim("payments.charge", "failed-" + i, "acme", "failed-" + i, "fp");
      ledger.settle(claim.record(), LedgerState.FAILED, null);
    }

    assertThat(ledger.find("payments.charge", "again"))
        .hasValueSatisfying(
            record -> {
              assertThat(record.state()).isEqualTo(LedgerState.PENDING);
              assertThat(record.provider()).isEqualTo("backup");
            });
  }

  @Test
  void aRecordReadsBackAsItWasClaimedAndSettled() {
    String digest = Fingerprints.sha256("charge 1000 usd tok_visa");
    Claim claim = ledger.claim("payments.charge", "order-1", "acme", "order-1", digest);
    Claim derived = ledger.claim("payments.charge", "order-2", "acme", "order-2:acme", "v2|text");
    LedgerRecord settled =
        ledger.settle(claim.record(), LedgerState.SUCCEEDED, "pay_1").orElseThrow();

    Claim again = ledger.claim("payments.charge", "order-1", "other", "order-1:other", digest);
    Claim derivedAgain = ledger.claim("payments.charge", "order-2", "other", "x", "v2|text");

    assertThat(again.won()).isFalse();
    assertThat(again.record()).isEqualTo(settled);
    assertThat(again.record().fingerprint()).isEqualTo(digest);
    assertThat(again.record().sentKey()).isEqualTo("order-1");
    assertThat(again.record().vendorId()).hasValue("pay_1");
    assertThat(again.record().createdAt()).isEqualTo(claim.record().createdAt());
    assertThat(derivedAgain.won()).isFalse();
    assertThat(derivedAgain.record()).isEqualTo(derived.record());
    assertThat(derivedAgain.record().sentKey()).isEqualTo("order-2:acme");
    assertThat(derivedAgain.record().fingerprint()).isEqualTo("v2|text");
    assertThat(ledger.find("payments.charge", "order-1")).hasValue(settled);
    assertThat(ledger.find("payments.refund", "order-1")).isEmpty();
  }

  @Test
  void sweepsAmongManyCallersLoseNoLiveRecordAndNeverLetALiveKeyBeWonAgain() throws Exception {
    int threads = 8;
    int perThread = 4_000;
    java.util.Map<String, LedgerRecord> claimed = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Thread> callers = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread caller =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    String key = "order-" + thread + "-" + i;
                    Claim claim = ledger.claim("payments.charge", key, "acme", key, "fp");
                    assertThat(claim.won()).as(key).isTrue();
                    claimed.put(key, claim.record());
                    ledger.settle(claim.record(), LedgerState.SUCCEEDED, "pay_" + key);
                    // A key claimed a little earlier must lose unless its retention has ended.
                    if (i >= 10) {
                      String earlier = "order-" + thread + "-" + (i - 10);
                      Claim again =
                          ledger.claim("payments.charge", earlier, "other", earlier, "fp");
                      if (again.won()) {
                        assertThat(again.record().createdAt())
                            .as(earlier + " won again before its retention ended")
                            .isAfterOrEqualTo(claimed.get(earlier).createdAt().plus(RETENTION));
                      }
                    }
                    // Five minutes pass every 200 claims of the first caller: 100 minutes in all,
                    // so the oldest records expire and sweeps run among the claims.
                    if (thread == 0 && i % 200 == 199) {
                      clock.advance(Duration.ofMinutes(5));
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      caller.start();
      callers.add(caller);
    }
    start.countDown();
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(failure.get()).isNull();
    java.time.Instant now = clock.instant();
    int live = 0;
    for (LedgerRecord record : claimed.values()) {
      if (record.createdAt().plus(RETENTION).isAfter(now)) {
        live++;
        assertThat(ledger.find("payments.charge", record.key()))
            .as(record.key())
            .hasValueSatisfying(found -> assertThat(found.vendorId()).isPresent());
      }
    }
    assertThat(live).isPositive().isLessThan(threads * perThread);
    // Swept: what is held is at most the live records and those not yet past the last sweep.
    assertThat(ledger.size()).isLessThan(threads * perThread);
  }

  /** Fingerprints as the composites write them: unpadded base64url SHA-256. */
  private static final class Fingerprints {
    static String sha256(String text) {
      try {
        return java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }
}
