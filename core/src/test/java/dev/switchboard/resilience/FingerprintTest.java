package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static ChargeRequest charge(String amount, String key) {
    return ChargeRequest.builder()
        .amount(Money.of(amount, "EUR"))
        .source(PaymentSource.token("acme", "tok_visa"))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static EmailMessage email(String subject) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("buyer@example.com")
        .subject(subject)
        .text("hello")
        .build();
  }

  @Test
  void theSameRequestGivesTheSameDigestWhateverWasDigestedBeforeOnTheThread() {
    String first = Fingerprint.of(charge("25.00", "k1"));
    Fingerprint.of(email("interleaved"));

    assertThat(Fingerprint.of(charge("25.00", "k1"))).isEqualTo(first);
    assertThat(Fingerprint.of(charge("25.00", "another-key"))).isEqualTo(first);
    assertThat(Fingerprint.of(charge("25.01", "k1"))).isNotEqualTo(first);
    assertThat(Fingerprint.of(email("a"))).isNotEqualTo(Fingerprint.of(email("b")));
  }

  @Test
  void threadsDigestingAtOnceEachGetTheirRequestsOwnDigest() throws Exception {
    List<String> expected =
        IntStream.range(0, 50).mapToObj(i -> Fingerprint.of(charge((i + 1) + ".00", "k"))).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Set<Integer>>> wrong =
          IntStream.range(0, 8)
              .mapToObj(
                  t ->
                      pool.submit(
                          () ->
                              IntStream.range(0, 2_000)
                                  .filter(
                                      n ->
                                          !Fingerprint.of(charge((n % 50 + 1) + ".00", "k"))
                                              .equals(expected.get(n % 50)))
                                  .boxed()
                                  .collect(Collectors.toSet())))
              .toList();
      for (Future<Set<Integer>> mismatches : wrong) {
        assertThat(mismatches.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
