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

  /**
   * Requests whose digests are pinned below: ASCII, Latin-1 and CJK text, a character outside the
   * BMP, an unpaired surrogate, metadata, several providers' tokens, and every email field.
   */
  static ChargeRequest pinnedCharge() {
    return ChargeRequest.builder()
        .amount(Money.of("1234.56", "EUR"))
        .source(PaymentSource.token("stripe", "pm_card_visa").orToken("paypal", "ppl_tok_é_1"))
        .description("Größe XL — 雨傘 \uD83D\uDE00 and a lone \uD800 surrogate")
        .statementDescriptor("SHOP 42")
        .metadata(java.util.Map.of("order", "42", "zeta", "ω", "alpha", ""))
        .idempotencyKey(IdempotencyKey.of("pinned-1"))
        .build();
  }

  static EmailMessage pinnedEmail() {
    return EmailMessage.builder()
        .from("Shop <shop@example.com>")
        .to("buyer@example.com")
        .cc("José <jose@example.com>")
        .subject("Ihre Bestellung — 注文 #42")
        .text("Hallo,\nDanke für Ihren Einkauf. \uD83D\uDE00")
        .html("<p>Danke</p>")
        .tags(List.of("receipt"))
        .metadata("order", "42")
        .build();
  }

  @Test
  void digestsOfStoredClaimsDoNotChangeBetweenVersions() {
    // A claim written by one version is compared with a repeat computed by the next, in a shared
    // store: a changed digest would refuse every repeat across an upgrade as a conflict.
    assertThat(Fingerprint.of(charge("25.00", "k1")))
        .isEqualTo("iej146up_EE5qqgTPI6j_S0-6AA_kbdv1p4_1Lib-Rg");
    assertThat(Fingerprint.of(pinnedCharge()))
        .isEqualTo("Ed23e8zGdGe4SDxACS27gapZaAzf4kUjk4b_7wRoG2k");
    assertThat(Fingerprint.of(email("hello")))
        .isEqualTo("iGFdZ2lbWux0LaGZOor6S9PF7xbrUYWo7l_viU7evPM");
    assertThat(Fingerprint.of(pinnedEmail()))
        .isEqualTo("Xa_8e7sKu6IP6TEEiEhFuaLNoa8Iz-1KCpUvJj1SHb4");
    // A body longer than the per-thread buffer, so that it is digested in several pieces.
    assertThat(
            Fingerprint.of(
                EmailMessage.builder()
                    .from("shop@example.com")
                    .to("buyer@example.com")
                    .subject("long")
                    .text("Grüße aus 東京 \uD83D\uDE00 ".repeat(200))
                    .build()))
        .isEqualTo("KCy6nuuY8HoymDxXYjt_Ir6nMHdcSBDUJcCtbwQIYw4");
  }

  @Test
  void severalTagsAttachmentsAndAddressesKeepTheirEarlierDigest() {
    // Tags are digested as one field joined by NUL, counts and sizes as decimal text: pinned with
    // the version that built those strings.
    EmailMessage message =
        EmailMessage.builder()
            .from("Shop <shop@example.com>")
            .to("a@example.com", "B <b@example.com>", "c@example.com")
            .bcc("audit@example.com")
            .replyTo("help@example.com")
            .subject("tags")
            .html("<p>x</p>")
            .tags(List.of("receipt", "größe", "q4-2026"))
            .addAttachment("r.pdf", "application/pdf", new byte[12_345])
            .addAttachment("empty.txt", "text/plain", new byte[0])
            .build();
    assertThat(Fingerprint.of(message)).isEqualTo("KNFv9yWIyvFyxUTiK86Jlv7ak2fCCcg0DMZKzZLxcqY");
    assertThat(
            Fingerprint.of(
                ChargeRequest.builder()
                    .amount(Money.of("92233720368547758.07", "EUR"))
                    .source(PaymentSource.token("stripe", "pm_card_visa"))
                    .idempotencyKey(IdempotencyKey.of("big"))
                    .build()))
        .isEqualTo("3b5sUOGl707Bdn7sffGcYHZ7PjqryPFpEtH90KeQ2rQ");
  }

  @Test
  void fieldsAreMeasuredInUtf8AsTheJdkEncodesThemLoneSurrogatesIncluded() {
    java.util.Random random = new java.util.Random(7);
    char[] alphabet = {
      'a', 'é', 'ω', '雨', '\uD83D', '\uDE00', '\uD800', '\uDFFF', '\u07FF', '\u0800'
    };
    for (int n = 0; n < 5_000; n++) {
      char[] text = new char[random.nextInt(12)];
      for (int i = 0; i < text.length; i++) {
        text[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String value = new String(text);
      assertThat(Fingerprint.utf8Length(value))
          .as(value)
          .isEqualTo(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }
}
