package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.webhooks.inbox.InboxEvent;
import dev.switchboard.webhooks.inbox.InboxState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The webhook story: every accepted event handled once, the duplicate and replay answered 200. */
class WebhookReceiverTest {
  @Test
  void everyAcceptedEventIsHandledExactlyOnceAndTheTamperedOneIsRefused() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    WebhookReceiver.Result result =
        new WebhookReceiver(new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    String output = printed.toString(StandardCharsets.UTF_8);

    assertThat(result.answers().values()).containsExactly(200, 200, 200, 400, 200, 200);
    assertThat(result.events()).hasSize(4).doesNotContainKey(result.tamperedEventId());
    assertThat(result.events().values())
        .extracting(InboxEvent::state)
        .containsOnly(InboxState.HANDLED);
    assertThat(result.handled()).hasSize(4).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(result.events().values())
        .filteredOn(e -> WebhookReceiver.FLAKY_ORDER.equals(e.event().subjectId()))
        .singleElement()
        .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
    assertThat(output)
        .contains("SIGNATURE_MISMATCH", "duplicate", "refused, never stored")
        .contains("Every accepted event was handled exactly once.");
  }
}
