package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretTest {
  private final TestClock clock = new TestClock();

  /** A rotatable source that counts its reads. */
  private static final class Rotating implements SecretSource {
    volatile String value = "sk_test_fake_123";
    volatile RuntimeException failure;
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String scheme() {
      return "rot";
    }

    @Override
    public Optional<String> read(String reference) {
      reads.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return Optional.ofNullable(value);
    }
  }

  private final Rotating source = new Rotating();

  private Secret secret() {
    return Secret.read(source, "pay/key", clock, Duration.ofMinutes(5));
  }

  @Test
  void printsTheReferenceNeverTheValue() {
    Secret secret = secret();
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");
    assertThat(secret.reference()).isEqualTo("rot:pay/key");
    assertThat(secret).hasToString("Secret[rot:pay/key]");
    assertThat(Secret.of("sk_test_fake_123")).hasToString("Secret[literal]");
  }

  @Test
  void keepsTheValueUntilTheTtlEndsThenRereadsIt() {
    Secret secret = secret();
    source.value = "sk_test_rotated_456";

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");
    clock.advance(Duration.ofMillis(1));
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
    assertThat(source.reads).hasValue(2);
  }

  @Test
  void aTtlBeyondTheEndOfTimeKeepsTheValueInsteadOfFailingEveryRead() {
    // The read time plus such a TTL is past Instant.MAX: it was added up on every value(), which
    // then threw DateTimeException for every call that needed the secret.
    Secret secret = Secret.read(source, "pay/key", clock, Duration.ofSeconds(Long.MAX_VALUE));
    source.value = "sk_test_rotated_456";

    clock.advance(Duration.ofDays(3650));
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
    assertThat(source.reads).hasValue(2);
  }

  @Test
  void rereadsAtOnceAfterInvalidateAndThenOnlyAfterTheTtl() {
    Secret secret = secret();
    source.value = "sk_test_rotated_456";

    secret.invalidate();
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
    assertThat(source.reads).hasValue(2);
  }

  @Test
  void theAuthenticationFailureHookInvalidates() {
    Secret secret = secret();
    source.value = "sk_test_rotated_456";
    secret
        .authenticationFailureHook()
        .onAuthenticationFailure(new AuthenticationException("401", ErrorContext.empty()));
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
  }

  @Test
  void keepsTheLastValueWhenARereadFindsNothingOrFails() {
    Secret secret = secret();
    source.value = null;
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");

    source.failure = new IllegalStateException("vault down");
    clock.advance(Duration.ofMinutes(5));
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");

    source.failure = null;
    source.value = "sk_test_rotated_456";
    assertThat(secret.value()).as("not again before the TTL").isEqualTo("sk_test_fake_123");
    clock.advance(Duration.ofMinutes(5));
    assertThat(secret.value()).isEqualTo("sk_test_rotated_456");
  }

  @Test
  void aFixedSecretIsNeverReread() {
    Secret secret = Secret.of("sk_test_fake_123");
    secret.invalidate();
    assertThat(secret.value()).isEqualTo("sk_test_fake_123");
  }

  @Test
  void oneThreadRereadsWhileTheOthersWait() throws Exception {
    Secret secret = secret();
    source.value = "sk_test_rotated_456";
    secret.invalidate();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> values = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        values.add(
            pool.submit(
                () -> {
                  start.await();
                  return secret.value();
                }));
      }
      start.countDown();
      for (Future<String> value : values) {
        assertThat(value.get(10, TimeUnit.SECONDS)).isEqualTo("sk_test_rotated_456");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(source.reads).hasValue(2);
  }

  @Test
  void readingNothingIsRejectedNamingTheReferenceNotAValue() {
    source.value = null;
    assertThatThrownBy(this::secret)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("reference"))
        .hasMessageContaining("secret rot:pay/key was not found");

    source.failure = new IllegalStateException("sk_test_fake_123 leaked in a message");
    assertThatThrownBy(this::secret)
        .hasMessageContaining("secret rot:pay/key was not found (IllegalStateException)")
        .hasMessageNotContaining("sk_test_fake_123");
  }

  @Test
  void rejectsBadArgumentsNamingTheField() {
    assertThatThrownBy(() -> Secret.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> Secret.read(null, "r", clock, Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("source");
    assertThatThrownBy(() -> Secret.read(source, " ", clock, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("reference"));
    assertThatThrownBy(() -> Secret.read(source, "r", null, Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
    assertThatThrownBy(() -> Secret.read(source, "r", clock, Duration.ofMinutes(-1)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).hasValue("ttl"));
  }
}
