package dev.switchboard.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.testkit.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: round trips, the key layout, TTLs, and clients it does not own. */
class RedisStateStoreTest {
  private static LocalRedis redis;

  private final TestClock clock = TestClock.start();
  private String prefix;
  private RedisStateStore store;

  @BeforeAll
  static void startRedis() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void openStore() {
    prefix = "t-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    store = RedisStateStore.builder().uri(redis.url()).keyPrefix(prefix).clock(clock).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aFirstClaimIsOneSetNxAndNothingElse() {
    store.ledger().claim("payments.charge", "warm-up", "acme", "warm-up", "fp");
    redis.direct(r -> r.configResetstat());

    store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp");

    assertThat(commandCalls()).containsExactly(Map.entry("set", 1L));
  }

  @Test
  void aRepeatIsASetNxThenOneScriptThatOnlyReads() {
    store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp");
    store.ledger().claim("payments.charge", "order-1", "other", "derived", "fp");
    redis.direct(r -> r.configResetstat());

    store.ledger().claim("payments.charge", "order-1", "other", "derived", "fp");

    // Redis counts the script's own GET too: two round trips, the SET NX and the EVALSHA.
    assertThat(commandCalls())
        .containsExactly(Map.entry("evalsha", 1L), Map.entry("get", 1L), Map.entry("set", 1L));
  }

  @Test
  void keysFollowTheDocumentedLayout() {
    store.ledger().claim("payments.charge", "order-{1}", "acme", "order-1", "fp");
    store.replayGuard("hooks").firstSight("evt_1");
    store.rates().tryAcquire("acme", 5, Duration.ofSeconds(1));

    assertThat(redis.keys(prefix + "*"))
        .containsExactlyInAnyOrder(
            prefix + "ledger:{payments.charge:order-%7B1%7D}",
            prefix + "replay:{hooks:evt_1}",
            prefix + "rate:{acme:5/1000ms}");
  }

  @Test
  void aRecordExpiresOnTheStoreClockWhileRedisKeepsItLonger() {
    KeyLedger ledger = store.ledger();
    ledger.claim("payments.charge", "order-1", "acme", "order-1", "fp");
    String key = prefix + "ledger:{payments.charge:order-1}";

    long redisTtl = redis.direct(r -> r.pttl(key));
    assertThat(redisTtl).isGreaterThan(RedisStateStore.DEFAULT_RETENTION.toMillis());
    clock.advance(RedisStateStore.DEFAULT_RETENTION);

    assertThat(ledger.find("payments.charge", "order-1")).isEmpty();
    long stillInRedis = redis.direct(r -> r.exists(key));
    assertThat(stillInRedis).isEqualTo(1L);
    assertThat(ledger.claim("payments.charge", "order-1", "other", "derived", "fp").won()).isTrue();
  }

  @Test
  void aValueInAnotherFormatFailsClosed() {
    redis.direct(r -> r.set(prefix + "ledger:{payments.charge:order-1}", "not a record"));

    assertThatThrownBy(
            () -> store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("unreadable ledger record");
    assertThatThrownBy(() -> store.ledger().find("payments.charge", "order-1"))
        .isInstanceOf(StateStoreException.class);
  }

  @Test
  void theApplicationsOwnClientStaysUpAfterClose() {
    RedisClient client = RedisClient.create(redis.url());
    try {
      StateStore own = RedisStateStore.builder().client(client).keyPrefix(prefix).build();
      own.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp");

      own.close();

      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aClosedStoreFailsWithAStateStoreException() {
    store.close();

    assertThatThrownBy(
            () -> store.ledger().claim("payments.charge", "order-1", "acme", "order-1", "fp"))
        .isInstanceOf(StateStoreException.class);
  }

  @Test
  void aSettledRecordKeepsItsVendorIdAndFingerprintThroughAnyCharacters() {
    KeyLedger ledger = store.ledger();
    var claimed =
        ledger.claim("payments.charge", "ключ|1", "acme|pay", "ключ|1", "fp|€|2").record();

    var settled = ledger.settle(claimed, LedgerState.SUCCEEDED, "pay_|€|1").orElseThrow();

    assertThat(ledger.find("payments.charge", "ключ|1")).contains(settled);
    assertThat(settled.vendorId()).contains("pay_|€|1");
    assertThat(settled.provider()).isEqualTo("acme|pay");
    assertThat(settled.fingerprint()).isEqualTo("fp|€|2");
  }

  @Test
  void aReclaimAfterAFailureWritesTheNewFingerprintThroughAnyCharacters() {
    KeyLedger ledger = store.ledger();
    var claimed = ledger.claim("payments.charge", "order-1", "acme", "order-1", "fp-1").record();
    ledger.settle(claimed, LedgerState.FAILED, null);

    var again = ledger.claim("payments.charge", "order-1", "other|€", "derived", "fp|€|2");

    assertThat(again.won()).isTrue();
    assertThat(again.record().fingerprint()).isEqualTo("fp|€|2");
    assertThat(ledger.find("payments.charge", "order-1")).contains(again.record());
    var lost = ledger.claim("payments.charge", "order-1", "acme", "order-1", "fp-3");
    assertThat(lost.won()).isFalse();
    assertThat(lost.record().fingerprint()).isEqualTo("fp|€|2");
  }

  @Test
  void theBuilderWantsExactlyOneWayToRedis() {
    assertThatThrownBy(() -> RedisStateStore.builder().build())
        .isInstanceOf(InvalidRequestException.class);
    RedisClient client = RedisClient.create();
    try {
      assertThatThrownBy(() -> RedisStateStore.builder().uri(redis.url()).client(client).build())
          .isInstanceOf(InvalidRequestException.class);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aBadUriIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> RedisStateStore.builder().uri("http://:fake-secret@127.0.0.1:1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("fake-secret");
  }

  /**
   * Calls per command since the last reset, those inside scripts included, leaving out what the
   * connections that reset and read the counts ran themselves.
   */
  private static Map<String, Long> commandCalls() {
    String stats = redis.direct(r -> r.info("commandstats"));
    Map<String, Long> calls = new TreeMap<>();
    stats
        .lines()
        .filter(line -> line.startsWith("cmdstat_"))
        .forEach(
            line -> {
              String name = line.substring("cmdstat_".length(), line.indexOf(':'));
              for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith("calls=") && !field.equals("calls=0")) {
                  calls.put(name, Long.parseLong(field.substring("calls=".length())));
                }
              }
            });
    calls.keySet().removeIf(name -> name.equals("hello") || name.startsWith("client"));
    calls.keySet().removeIf(name -> name.equals("info") || name.equals("config"));
    return calls;
  }
}
