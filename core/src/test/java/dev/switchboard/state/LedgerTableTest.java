package dev.switchboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The primitive table behind the in-memory ledger, against a plain map doing the same operations:
 * inserts that grow it, rewrites that leave garbage in its arena, deletes inside runs of colliding
 * rows, sweeps that drop expired rows and shrink it, and strings that need two bytes a character.
 */
class LedgerTableTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456789Z");
  private static final LedgerTable.Retention HOUR = new LedgerTable.Retention(Duration.ofHours(1));
  private static final String[] PROVIDERS = {"acme", "backup"};

  /** Few distinct hashes, so that runs of colliding rows are long and deletes shift them. */
  private static int hash(String key) {
    return (key.hashCode() & 0x7) * 0x9E3779B1;
  }

  private static String key(Random random, int i) {
    return switch (i % 4) {
      case 0 -> "order-" + i;
      case 1 -> "ключ-" + i + "-€"; // two bytes a character in the arena
      case 2 -> "k" + "x".repeat(random.nextInt(300)) + i;
      default -> "é-" + i; // one byte a character, above ASCII
    };
  }

  private static String digest(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  void holdsWhatAMapHoldsThroughInsertsRewritesDeletesAndSweeps() {
    Random random = new Random(42);
    LedgerTable table = new LedgerTable();
    Map<String, LedgerRecord> model = new HashMap<>();
    List<String> keys = new ArrayList<>();
    Instant now = T0;
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 5 || keys.isEmpty()) {
        String key = key(random, step);
        boolean derived = random.nextBoolean();
        String fingerprint = random.nextBoolean() ? digest(random) : "v2|text-" + step;
        LedgerRecord record =
            LedgerRecord.pending(
                "payments.charge",
                key,
                PROVIDERS[step % 2],
                derived ? key + ":" + PROVIDERS[step % 2] : key,
                fingerprint,
                now);
        table.reserve();
        assertThat(table.find(hash(key), 0, key)).isEqualTo(-1);
        table.insert(hash(key), 0, step % 2, record, PackedDigest.unpack(fingerprint));
        model.put(key, record);
        keys.add(key);
      } else if (op < 7) {
        String key = keys.get(random.nextInt(keys.size()));
        int row = table.find(hash(key), 0, key);
        assertThat(row).isNotNegative();
        LedgerState state = LedgerState.values()[1 + random.nextInt(3)];
        String vendorId = random.nextBoolean() ? null : "pi_" + step + "_ω".repeat(step % 3);
        LedgerRecord settled = model.get(key).next(state, vendorId, now);
        table.settle(row, settled);
        model.put(key, settled);
      } else if (op < 8) {
        String key = keys.get(random.nextInt(keys.size()));
        int row = table.find(hash(key), 0, key);
        int provider = 1 - table.provider(row);
        String fingerprint = random.nextBoolean() ? digest(random) : "v3|" + step;
        LedgerRecord reclaimed =
            model.get(key).reclaimed(PROVIDERS[provider], key + "#" + step, fingerprint, now);
        table.write(row, provider, reclaimed, PackedDigest.unpack(fingerprint));
        model.put(key, reclaimed);
      } else if (op < 9) {
        String key = keys.remove(random.nextInt(keys.size()));
        table.delete(table.find(hash(key), 0, key));
        model.remove(key);
      } else {
        now = now.plus(Duration.ofMinutes(random.nextInt(20)));
        table.sweep(now, HOUR);
        Instant at = now;
        model.values().removeIf(r -> !r.updatedAt().plus(Duration.ofHours(1)).isAfter(at));
        keys.retainAll(model.keySet());
      }
      if (step % 1_000 == 0 || step == 19_999) {
        assertHolds(table, model);
      }
    }
  }

  private static void assertHolds(LedgerTable table, Map<String, LedgerRecord> model) {
    assertThat(table.count()).isEqualTo(model.size());
    for (LedgerRecord expected : model.values()) {
      int row = table.find(hash(expected.key()), 0, expected.key());
      assertThat(row).as(expected.key()).isNotNegative();
      LedgerRecord read =
          table.read(row, expected.scope(), expected.key(), PROVIDERS[table.provider(row)]);
      assertThat(read).isEqualTo(expected);
      assertThat(read.sentKey()).isEqualTo(expected.sentKey());
      assertThat(read.fingerprint()).isEqualTo(expected.fingerprint());
      assertThat(read.vendorId()).isEqualTo(expected.vendorId());
      assertThat(read.createdAt()).isEqualTo(expected.createdAt());
      assertThat(read.updatedAt()).isEqualTo(expected.updatedAt());
      assertThat(read.provider()).isEqualTo(expected.provider());
      assertThat(read.state()).isEqualTo(expected.state());
    }
  }

  @Test
  void aKeyIsFoundOnlyInItsOwnScopeAndOnlyWithAllItsCharacters() {
    LedgerTable table = new LedgerTable();
    LedgerRecord record =
        LedgerRecord.pending("payments.charge", "order-1", "acme", "order-1", "fp", T0);
    table.reserve();
    table.insert(7, 0, 0, record, null);

    assertThat(table.find(7, 0, "order-1")).isNotNegative();
    assertThat(table.find(7, 1, "order-1")).isEqualTo(-1);
    assertThat(table.find(7, 0, "order-10")).isEqualTo(-1);
    assertThat(table.find(7, 0, "order-2")).isEqualTo(-1);
    assertThat(table.find(7, 0, "order\u0100")).isEqualTo(-1);
  }

  @Test
  void aSweepDropsExactlyTheRowsWhoseRetentionEndedAndSaysWhenTheNextEnds() {
    LedgerTable table = new LedgerTable();
    for (int i = 0; i < 100; i++) {
      LedgerRecord record =
          LedgerRecord.pending(
              "payments.charge", "k" + i, "acme", "k" + i, "fp", T0.plusSeconds(60L * i));
      table.reserve();
      table.insert(hash("k" + i), 0, 0, record, null);
    }

    // The row changed at T0 + 10 min expires at T0 + 70 min exactly; the one at T0 + 11 min not.
    long next = table.sweep(T0.plus(Duration.ofMinutes(70)), HOUR);

    assertThat(table.count()).isEqualTo(89);
    assertThat(table.find(hash("k10"), 0, "k10")).isEqualTo(-1);
    assertThat(table.find(hash("k11"), 0, "k11")).isNotNegative();
    assertThat(next).isEqualTo(T0.plus(Duration.ofMinutes(71)).toEpochMilli());
  }

  @Test
  void retentionIsExactToTheNanosecond() {
    Instant changed = Instant.parse("2030-01-01T00:00:00.999999999Z");
    Instant end = changed.plus(Duration.ofHours(1));

    assertThat(HOUR.expired(changed.getEpochSecond(), changed.getNano(), end.minusNanos(1)))
        .isFalse();
    assertThat(HOUR.expired(changed.getEpochSecond(), changed.getNano(), end)).isTrue();
    assertThat(
            new LedgerTable.Retention(Duration.ofSeconds(Long.MAX_VALUE))
                .expired(changed.getEpochSecond(), 0, Instant.MAX))
        .isFalse();
  }

  @Test
  void rowsLeftEmptyByDeletesAreReclaimedWhileTheTableStaysSmall() {
    LedgerTable table = new LedgerTable();
    java.util.ArrayDeque<String> live = new java.util.ArrayDeque<>();
    for (int i = 0; i < 10_000; i++) {
      String key = "churn-" + i;
      LedgerRecord record =
          LedgerRecord.pending("payments.charge", key, "acme", key, "fp-" + i, T0)
              .next(LedgerState.SUCCEEDED, "pi_" + i, T0);
      table.reserve();
      assertThat(table.find(hash(key), 0, key)).isEqualTo(-1);
      table.insert(hash(key), 0, 0, record, null);
      live.add(key);
      if (live.size() > 8) {
        String oldest = live.removeFirst();
        table.delete(table.find(hash(oldest), 0, oldest));
      }
    }

    // Eight records the whole time, each claim taking a new row: the rows deleted records left
    // are compacted away, and every record kept is whole.
    assertThat(table.count()).isEqualTo(8);
    for (String key : live) {
      int slot = table.find(hash(key), 0, key);
      assertThat(slot).isNotNegative();
      assertThat(table.vendorId(slot)).isEqualTo("pi_" + key.substring("churn-".length()));
      assertThat(table.read(slot, "payments.charge", key, "acme").fingerprint())
          .isEqualTo("fp-" + key.substring("churn-".length()));
    }
  }
}
