package dev.switchboard.state.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("switchboard:");

  @Test
  void theSlotIsDecidedByTheWholeRecordNotByBracesInACallersKey() {
    String one = keys.ledger("payments.charge", "tenant-{7}-order-1");
    String two = keys.ledger("payments.charge", "tenant-{7}-order-2");

    assertThat(SlotHash.getSlot(one))
        .isEqualTo(SlotHash.getSlot("payments.charge:tenant-%7B7%7D-order-1"))
        .isNotEqualTo(SlotHash.getSlot(two));
  }

  @Test
  void escapingNeverMakesTwoRecordsShareAKey() {
    assertThat(keys.ledger("a:b", "c")).isNotEqualTo(keys.ledger("a", "b:c"));
    assertThat(keys.ledger("a", "%7B")).isNotEqualTo(keys.ledger("a", "{"));
    assertThat(keys.replay("hooks", "evt}1")).isEqualTo("switchboard:replay:{hooks:evt%7D1}");
  }
}
