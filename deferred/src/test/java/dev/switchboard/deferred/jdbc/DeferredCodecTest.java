package dev.switchboard.deferred.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.deferred.jdbc.internal.Codec;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredCodecTest {
  @Test
  void chargeIsStoredAsVersionedJsonWithItsTokensAndReadBackEqual() {
    ChargeRequest request =
        ChargeRequest.builder()
            .amount(Money.of("1234567890123.45", "EUR"))
            .source(PaymentSource.token("acme-pay", "tok_1").orToken("other-pay", "vault-9"))
            .captureMode(CaptureMode.MANUAL)
            .description("Order 42")
            .statementDescriptor("SHOP 42")
            .putMetadata("order", "42")
            .idempotencyKey(IdempotencyKey.of("order-42"))
            .build();

    String json = Codec.charge(request);

    assertThat(json).startsWith("{\"v\":1,").contains("\"tok_1\"").contains("\"vault-9\"");
    assertThat(Codec.charge(json)).isEqualTo(request);
  }

  @Test
  void chargeWithoutVendorTokensIsRefusedAtEnqueue() {
    ChargeRequest approval =
        ChargeRequest.builder()
            .amount(Money.of("10.00", "EUR"))
            .source(
                PaymentSource.approval(
                    URI.create("https://shop.example/ok"), URI.create("https://shop.example/no")))
            .build();

    assertThatThrownBy(() -> Codec.charge(approval))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("vendor tokens");
  }

  @Test
  void emailWithAttachmentsIsReadBackEqual() {
    EmailMessage message =
        EmailMessage.builder()
            .from("shop@example.com")
            .to("buyer@example.com")
            .cc("boss@example.com")
            .subject("Receipt")
            .text("Thanks")
            .html("<p>Thanks</p>")
            .addAttachment(
                Attachment.of("r.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)))
            .addTag("receipt")
            .metadata("order", "42")
            .idempotencyKey(IdempotencyKey.of("mail-42"))
            .build();

    assertThat(Codec.email(Codec.email(message))).isEqualTo(message);
  }

  @Test
  void putStoresSmallBytesOrAPathButNeverAStreamOrTooManyBytes(@TempDir Path dir)
      throws IOException {
    PutOptions options =
        PutOptions.builder()
            .contentType("text/plain")
            .idempotencyKey(IdempotencyKey.of("put-1"))
            .build();

    Codec.StoredPut small =
        Codec.put(Codec.put("a.txt", BlobContent.ofString("hello"), options, 10));
    assertThat(small.key()).isEqualTo("a.txt");
    assertThat(small.content().length()).hasValue(5);
    assertThat(small.options().idempotencyKey()).isEqualTo(options.idempotencyKey());

    Path file = Files.writeString(dir.resolve("big.bin"), "a file of any size");
    assertThat(Codec.put(Codec.put("b", BlobContent.of(file), options, 10)).content().path())
        .hasValue(file);
    assertThatThrownBy(() -> Codec.put("c", BlobContent.ofString("eleven bytes"), options, 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 10 bytes");
    assertThatThrownBy(
            () ->
                Codec.put(
                    "d", BlobContent.of(new ByteArrayInputStream(new byte[1]), 1), options, 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("stream");
  }
}
