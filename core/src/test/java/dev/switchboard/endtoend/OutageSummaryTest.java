package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverListener;
import dev.switchboard.resilience.MutableClock;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.telemetry.SwitchboardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An outage of the primary, 100 calls long, as operators see it: one switch and one recovery
 * carrying the count, a handful of INFO and WARN lines, and the per-call detail only at DEBUG and
 * in the counters.
 */
class OutageSummaryTest {
  private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(30);

  private final MutableClock clock = MutableClock.start();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger moved = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ResiliencePolicy policy(String provider) {
    return ResiliencePolicy.of(
        provider,
        ResilienceConfig.builder()
            .retryMaxAttempts(1)
            .breakerSlidingWindowSize(2)
            .breakerMinimumCalls(2)
            .breakerFailureRateThreshold(50)
            .breakerWaitInOpen(WAIT_IN_OPEN)
            .timeoutCall(Duration.ZERO)
            .clock(clock)
            .random(new Random(7))
            .sleeper(clock::advance)
            .build());
  }

  @Test
  void aHundredCallOutageIsOneSwitchOneRecoveryAndAHandfulOfLines() {
    Sender primary = new Sender("primary");
    Sender backup = new Sender("backup");
    ResiliencePolicy primaryPolicy = policy("primary");
    ResiliencePolicy backupPolicy = policy("backup");
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    metrics.bind(primaryPolicy);
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(primary, primaryPolicy)
            .add(backup, backupPolicy)
            .clock(clock)
            .listener(events::add)
            .listener(
                new FailoverListener() {
                  @Override
                  public void onEvent(FailoverEvent event) {}

                  @Override
                  public void callMoved(String from, String to, String operation) {
                    moved.incrementAndGet();
                  }
                })
            .listener(metrics)
            .build();
    String logs;
    try (LogCapture capture = LogCapture.start()) {
      primary.down.set(true);
      for (int i = 0; i < 100; i++) {
        clock.advance(Duration.ofMillis(100));
        assertThat(email.send(message("outage-" + i)).provider()).isEqualTo("backup");
      }
      clock.advance(WAIT_IN_OPEN);
      primary.down.set(false);
      assertThat(email.send(message("back")).provider()).isEqualTo("primary");
      assertThat(email.send(message("after")).provider()).isEqualTo("primary");
      logs = capture.text();
    }

    assertThat(events).hasSize(2);
    FailoverEvent.ProviderSwitched switched = (FailoverEvent.ProviderSwitched) events.get(0);
    assertThat(switched.from()).isEqualTo("primary");
    assertThat(switched.to()).isEqualTo("backup");
    assertThat(switched.cause()).isInstanceOf(ProviderUnavailableException.class);
    assertThat(ErrorPolicy.isLocalRefusal(switched.cause()))
        .as("the first call of the outage reached the primary")
        .isFalse();
    assertThat(events.get(1))
        .isEqualTo(
            new FailoverEvent.ProviderRecovered(
                "primary", 100, Duration.between(switched.at(), clock.instant()), clock.instant()));
    assertThat(((FailoverEvent.ProviderRecovered) events.get(1)).away())
        .isEqualTo(Duration.ofMillis(9_900).plus(WAIT_IN_OPEN));
    assertThat(moved).hasValue(100);
    assertThat(
            registry
                .get("switchboard.failover.switches")
                .tags("from", "primary", "to", "backup", "operation", "send")
                .counter()
                .count())
        .isEqualTo(100.0);
    assertThat(
            registry
                .get("switchboard.calls")
                .tags("provider", "primary", "outcome", "refused", "reason", "breaker_open")
                .timer()
                .count())
        .as("the calls the open breaker refused, the two that opened it aside")
        .isEqualTo(98);
    assertThat(
            registry
                .get("switchboard.calls")
                .tags("provider", "primary", "outcome", "ProviderUnavailableException")
                .timer()
                .count())
        .isEqualTo(2);

    List<String> lines = Arrays.asList(logs.split("\\R"));
    List<String> loud =
        lines.stream().filter(l -> l.contains("] INFO ") || l.contains("] WARN ")).toList();
    assertThat(loud)
        .as("a summary, not a line per call")
        .hasSizeLessThanOrEqualTo(6)
        .anySatisfy(l -> assertThat(l).contains("WARN").contains("provider switched"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("INFO")
                    .contains("provider recovered")
                    .contains("callsServedElsewhere=100"));
    assertThat(lines)
        .filteredOn(l -> l.contains("] DEBUG ") && l.contains("call served elsewhere"))
        .as("the other 99 moved calls, at DEBUG")
        .hasSize(99)
        .filteredOn(l -> l.contains("outcome=refused(breaker_open)"))
        .as("the breaker's refusals are logged as such, not as the primary's failure")
        .hasSize(98);
  }

  @Test
  void whenEveryProviderIsOutOneWarningSaysSoAndOneLineSaysWhenServiceIsBack() {
    Sender primary = new Sender("primary");
    Sender backup = new Sender("backup");
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(primary, policy("primary"))
            .add(backup, policy("backup"))
            .clock(clock)
            .build();
    String logs;
    try (LogCapture capture = LogCapture.start()) {
      primary.down.set(true);
      backup.down.set(true);
      for (int i = 0; i < 50; i++) {
        clock.advance(Duration.ofMillis(100));
        EmailMessage dark = message("dark-" + i);
        assertThatThrownBy(() -> email.send(dark))
            .isInstanceOf(AllProvidersUnavailableException.class);
      }
      clock.advance(WAIT_IN_OPEN);
      backup.down.set(false);
      assertThat(email.send(message("back")).provider()).isEqualTo("backup");
      logs = capture.text();
    }

    List<String> lines = Arrays.asList(logs.split("\\R"));
    assertThat(lines)
        .filteredOn(l -> l.contains("] WARN ") && l.contains("all providers failed"))
        .as("one warning for the whole dark period")
        .hasSize(1);
    assertThat(lines)
        .filteredOn(l -> l.contains("] DEBUG ") && l.contains("all providers failed"))
        .hasSize(49);
    assertThat(lines)
        .filteredOn(l -> l.contains("] INFO ") && l.contains("service restored"))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains("provider=backup")
                    .contains("callsFailedMeanwhile=50")
                    .contains("down=" + Duration.ofMillis(4_900).plus(WAIT_IN_OPEN).toMillis()));
  }

  @Test
  void loadSheddingBetweenServedCallsIsOneWarningNotAnOutagePerShedCall() {
    // One permit, no wait: a send made while another holds the permit is shed. The sender makes
    // that nested send itself, so every served call has a shed call inside it.
    AtomicReference<FailoverEmailSender> composite = new AtomicReference<>();
    List<Throwable> shed = new CopyOnWriteArrayList<>();
    EmailSender busy =
        new Sender("primary") {
          @Override
          public SendResult send(EmailMessage message) {
            if (message.idempotencyKey().value().startsWith("outer")) {
              try {
                composite.get().send(message("inner-" + message.idempotencyKey().value()));
              } catch (AllProvidersUnavailableException e) {
                shed.add(e);
              }
            }
            return super.send(message);
          }
        };
    composite.set(
        FailoverEmailSender.builder()
            .add(
                busy,
                ResiliencePolicy.of(
                    "primary",
                    ResilienceConfig.builder()
                        .retryMaxAttempts(1)
                        .bulkheadMaxConcurrentCalls(1)
                        .bulkheadMaxWait(Duration.ZERO)
                        .timeoutCall(Duration.ZERO)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .build()))
            .clock(clock)
            .build());
    String logs;
    try (LogCapture capture = LogCapture.start()) {
      for (int i = 0; i < 50; i++) {
        clock.advance(Duration.ofMillis(100));
        assertThat(composite.get().send(message("outer-" + i)).provider()).isEqualTo("primary");
      }
      clock.advance(Duration.ofMinutes(1));
      composite.get().send(message("outer-later"));
      logs = capture.text();
    }

    assertThat(shed)
        .hasSize(51)
        .allSatisfy(e -> assertThat(e).hasMessageContaining("bulkhead full"));
    List<String> lines = Arrays.asList(logs.split("\\R"));
    assertThat(lines)
        .filteredOn(l -> l.contains("] WARN "))
        .as("one warning a minute while calls are shed, not one per shed call")
        .hasSize(2)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .contains("calls shed")
                    .contains("composite=failover(primary)")
                    .contains("shedSincePreviousWarning=0"),
            minuteLater -> assertThat(minuteLater).contains("shedSincePreviousWarning=50"));
    assertThat(lines)
        .filteredOn(l -> l.contains("service restored") || l.contains("all providers failed"))
        .as("shed calls are this instance being busy: no provider failed, none was restored")
        .isEmpty();
  }

  private static EmailMessage message(String key) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello")
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  /** A sender that answers at once, or fails as unavailable while it is down. */
  private static class Sender implements EmailSender {
    private final String provider;
    private final AtomicBoolean down = new AtomicBoolean();

    Sender(String provider) {
      this.provider = provider;
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public SendResult send(EmailMessage message) {
      if (down.get()) {
        throw new ProviderUnavailableException(
            "down", ErrorContext.builder().provider(provider).operation("send").build());
      }
      return SendResult.of(provider, "id-" + message.idempotencyKey(), java.time.Instant.EPOCH);
    }
  }
}
