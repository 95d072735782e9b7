package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.MutableClock;
import dev.switchboard.resilience.ResilienceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Two acme-pay vendors on loopback, {@code primary} and {@code backup}, each a {@link
 * MockWebServer} with an {@link AcmeSimulator}, and a {@link Switchboard} built from configuration
 * over them, the way an application builds it: {@code providers=primary,backup}, both {@code
 * type=acme}, API keys as {@code ${env:..}} references into an environment map the test owns (so it
 * can rotate a key), a {@link MutableClock}, and a sleeper that records each wait and advances the
 * clock instead of sleeping.
 *
 * <pre>{@code
 * try (TwoVendors vendors = TwoVendors.builder().primary("retry.max-attempts", "2").start()) {
 *   vendors.primary.failAlways(AcmeSimulator.Fault.unavailable());
 *   Payment paid = vendors.charge("order-1");
 *   assertThat(vendors.backupServer.getRequestCount()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Everything the run produced that could leak a secret is kept for inspection: every failure a
 * test caught through {@link #chargeFails}, every failover and resilience event.
 */
final class TwoVendors implements AutoCloseable {
  static final String PRIMARY_KEY = "sk_test_fake_primary_123";
  static final String BACKUP_KEY = "sk_test_fake_backup_456";
  static final String ROTATED_PRIMARY_KEY = "sk_test_fake_primary_rotated_789";
  static final List<String> SECRETS = List.of(PRIMARY_KEY, BACKUP_KEY, ROTATED_PRIMARY_KEY);
  static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
  static final Money AMOUNT = Money.of("12.34", "EUR");

  final MockWebServer primaryServer = new MockWebServer();
  final MockWebServer backupServer = new MockWebServer();
  final MutableClock clock = new MutableClock(START);
  final AcmeSimulator primary = new AcmeSimulator(PRIMARY_KEY, clock);
  final AcmeSimulator backup = new AcmeSimulator(BACKUP_KEY, clock);
  final Map<String, String> env = new ConcurrentHashMap<>();
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final List<FailoverEvent> failoverEvents = new CopyOnWriteArrayList<>();
  final List<ResilienceEvent> resilienceEvents = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final Switchboard switchboard;

  private TwoVendors(Builder b) {
    try {
      primaryServer.setDispatcher(primary);
      backupServer.setDispatcher(backup);
      primaryServer.start();
      backupServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put("PRIMARY_KEY", PRIMARY_KEY);
    env.put("BACKUP_KEY", BACKUP_KEY);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("switchboard.payments.providers", b.withBackup ? "primary,backup" : "primary");
    vendor(settings, "primary", primaryServer, "PRIMARY_KEY");
    b.primary.forEach((k, v) -> settings.put("switchboard.payments.primary." + k, v));
    if (b.withBackup) {
      vendor(settings, "backup", backupServer, "BACKUP_KEY");
    }
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .putAll(settings)
            .environment(env)
            .discoverSecretSources(false)
            .clock(clock)
            .sleeper(
                wait -> {
                  waits.add(wait);
                  clock.advance(wait);
                })
            .build();
    this.switchboard =
        b.facade
            .apply(
                Switchboard.builder(config)
                    .registry(
                        ProviderRegistry.builder().add(new AcmePaymentGatewayFactory()).build()))
            .build();
    switchboard.addFailoverListener(failoverEvents::add);
    switchboard.addResilienceListener(resilienceEvents::add);
  }

  private static void vendor(
      Map<String, String> settings, String name, MockWebServer server, String keyVariable) {
    String prefix = "switchboard.payments." + name + ".";
    settings.put(prefix + "type", AcmePaymentGatewayFactory.NAME);
    settings.put(prefix + "base-url", server.url("/").toString());
    settings.put(prefix + "api-key", "${env:" + keyVariable + "}");
  }

  static Builder builder() {
    return new Builder();
  }

  PaymentGateway payments() {
    return switchboard.payments();
  }

  /** 12.34 EUR with a token for each vendor and the given key. */
  static ChargeRequest chargeRequest(String idempotencyKey) {
    return chargeRequest(idempotencyKey, "tok_ok");
  }

  static ChargeRequest chargeRequest(String idempotencyKey, String token) {
    return ChargeRequest.builder()
        .amount(AMOUNT)
        .source(PaymentSource.token("primary", token).orToken("backup", token))
        .idempotencyKey(IdempotencyKey.of(idempotencyKey))
        .build();
  }

  Payment charge(String idempotencyKey) {
    return payments().charge(chargeRequest(idempotencyKey));
  }

  /** Runs a call that must fail, keeps the failure, and returns it for assertions. */
  <E extends Throwable> E fails(Class<E> type, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    if (thrown != null) {
      failures.add(thrown);
    }
    assertThat(thrown).isInstanceOf(type);
    return type.cast(thrown);
  }

  <E extends Throwable> E chargeFails(Class<E> type, String idempotencyKey) {
    return fails(type, () -> charge(idempotencyKey));
  }

  /** The failover events of one kind, in order. */
  <T extends FailoverEvent> List<T> failoverEventsOf(Class<T> type) {
    List<T> matching = new ArrayList<>();
    failoverEvents.stream().filter(type::isInstance).map(type::cast).forEach(matching::add);
    return matching;
  }

  /** The resilience events of one kind, in order. */
  <T extends ResilienceEvent> List<T> resilienceEventsOf(Class<T> type) {
    List<T> matching = new ArrayList<>();
    resilienceEvents.stream().filter(type::isInstance).map(type::cast).forEach(matching::add);
    return matching;
  }

  @Override
  public void close() {
    switchboard.close();
    primaryServer.close();
    backupServer.close();
  }

  /**
   * Per-provider settings under {@code switchboard.payments.<provider>.}, and the provider list.
   */
  static final class Builder {
    private final Map<String, String> primary = new LinkedHashMap<>();
    private boolean withBackup = true;
    private UnaryOperator<Switchboard.Builder> facade = UnaryOperator.identity();

    private Builder() {}

    /** More settings for the facade's builder, such as the application's own HTTP client. */
    Builder facade(UnaryOperator<Switchboard.Builder> facade) {
      this.facade = facade;
      return this;
    }

    Builder primary(String key, String value) {
      primary.put(key, value);
      return this;
    }

    /** {@code providers=primary}: no backup to fail over to. */
    Builder withoutBackup() {
      withBackup = false;
      return this;
    }

    TwoVendors start() {
      return new TwoVendors(this);
    }
  }
}
