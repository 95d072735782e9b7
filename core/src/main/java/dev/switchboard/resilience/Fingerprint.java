package dev.switchboard.resilience;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.PaymentSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A digest of what a keyed request asks for, without its key: the ledger keeps it with the claim,
 * so that a repeat of a key with other parameters is refused instead of being answered with the
 * first request's result. Each field is written with its length, so no two requests can run into
 * the same text. Attachments count by name, type, size and disposition, not by content, which would
 * mean reading every file twice.
 */
final class Fingerprint {
  /**
   * One digest per thread: looking SHA-256 up in the security providers for every call cost more
   * than hashing a charge. A fingerprint is taken whole on one thread, so the digest is never
   * shared while in use.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Fingerprint::sha256);

  private final MessageDigest digest;

  private Fingerprint(String kind) {
    digest = SHA_256.get();
    digest.reset();
    add(kind);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String of(ChargeRequest request) {
    Fingerprint f = new Fingerprint("charge");
    f.add(Long.toString(request.amount().minorUnits()));
    f.add(request.amount().currency().getCurrencyCode());
    f.add(request.captureMode().name());
    f.add(request.description());
    f.add(request.customerReference());
    f.add(request.statementDescriptor());
    f.add(request.metadata());
    PaymentSource source = request.source();
    f.add(source.kind().name());
    for (String provider : source.providers().stream().sorted().toList()) {
      f.add(provider);
      f.add(source.tokenFor(provider));
    }
    f.add(source.returnUrl().map(Object::toString));
    f.add(source.cancelUrl().map(Object::toString));
    return f.done();
  }

  static String of(EmailMessage message) {
    Fingerprint f = new Fingerprint("email");
    f.add(message.from().toString());
    f.addresses(message.to());
    f.addresses(message.cc());
    f.addresses(message.bcc());
    f.addresses(message.replyTo());
    f.add(message.subject());
    f.add(message.text());
    f.add(message.html());
    f.add(Integer.toString(message.attachments().size()));
    for (Attachment attachment : message.attachments()) {
      f.add(attachment.filename());
      f.add(attachment.contentType());
      f.add(Long.toString(attachment.size()));
      f.add(attachment.disposition().name());
      f.add(attachment.contentId());
    }
    f.add(message.headers());
    f.add(String.join("\u0000", message.tags()));
    f.add(message.metadata());
    f.add(message.sendAt().map(Object::toString));
    return f.done();
  }

  private void addresses(Collection<EmailAddress> addresses) {
    add(Integer.toString(addresses.size()));
    addresses.forEach(a -> add(a.toString()));
  }

  private void add(Map<String, String> map) {
    add(Integer.toString(map.size()));
    new TreeMap<>(map)
        .forEach(
            (k, v) -> {
              add(k);
              add(v);
            });
  }

  private void add(Optional<String> value) {
    add(value.orElse(null));
  }

  private void add(String value) {
    if (value == null) {
      digest.update((byte) 0);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((byte) 1);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private String done() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
  }
}
