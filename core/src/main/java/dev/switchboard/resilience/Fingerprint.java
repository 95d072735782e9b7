package dev.switchboard.resilience;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.PaymentSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
   * One digest and one buffer per thread: looking SHA-256 up in the security providers for every
   * call cost more than hashing a charge, encoding each field into a new array made the fingerprint
   * most of what a keyed call allocated, and handing the digest each field's pieces one by one cost
   * more than the hashing. Fields are encoded into the buffer, which goes to the digest when it
   * fills and at the end (the digest of the whole is the same however it is cut). A fingerprint is
   * taken whole on one thread, so neither is shared while in use.
   */
  private static final ThreadLocal<Fingerprint> PER_THREAD =
      ThreadLocal.withInitial(Fingerprint::new);

  /** Room for the largest item written without a check: a marker, 20 digits and a colon. */
  private static final int ITEM = 24;

  private final MessageDigest digest = sha256();
  private final byte[] buffer = new byte[512];
  private int used;

  private Fingerprint() {}

  private static Fingerprint start(String kind) {
    Fingerprint f = PER_THREAD.get();
    f.digest.reset();
    f.used = 0;
    f.add(kind);
    return f;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String of(ChargeRequest request) {
    Fingerprint f = start("charge");
    f.add(request.amount().minorUnits());
    f.add(request.amount().currency().getCurrencyCode());
    f.add(request.captureMode().name());
    f.add(request.description());
    f.add(request.customerReference());
    f.add(request.statementDescriptor());
    f.add(request.metadata());
    PaymentSource source = request.source();
    f.add(source.kind().name());
    Collection<String> providers = source.providers();
    if (providers.size() > 1) {
      String[] sorted = providers.toArray(new String[0]);
      Arrays.sort(sorted);
      providers = Arrays.asList(sorted);
    }
    for (String provider : providers) {
      f.add(provider);
      f.add(source.tokenFor(provider));
    }
    f.add(source.returnUrl().map(Object::toString));
    f.add(source.cancelUrl().map(Object::toString));
    return f.done();
  }

  static String of(EmailMessage message) {
    Fingerprint f = start("email");
    f.add(message.from().toString());
    f.addresses(message.to());
    f.addresses(message.cc());
    f.addresses(message.bcc());
    f.addresses(message.replyTo());
    f.add(message.subject());
    f.add(message.text());
    f.add(message.html());
    f.add(message.attachments().size());
    for (Attachment attachment : message.attachments()) {
      f.add(attachment.filename());
      f.add(attachment.contentType());
      f.add(attachment.size());
      f.add(attachment.disposition().name());
      f.add(attachment.contentId());
    }
    f.add(message.headers());
    f.addJoined(message.tags());
    f.add(message.metadata());
    f.add(message.sendAt().map(Object::toString));
    return f.done();
  }

  private void addresses(Collection<EmailAddress> addresses) {
    add(addresses.size());
    for (EmailAddress address : addresses) {
      add(address.toString());
    }
  }

  private void add(Map<String, String> map) {
    add(map.size());
    if (map.isEmpty()) {
      return;
    }
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

  /**
   * Adds a field as {@code 0} when absent, else {@code 1}, its length in UTF-8 bytes in decimal,
   * {@code :} and those bytes, encoded exactly as {@link String#getBytes(java.nio.charset.Charset)
   * getBytes(UTF_8)} would (a lone surrogate as {@code ?}), so that digests stay what earlier
   * versions stored.
   */
  private void add(String value) {
    if (value == null) {
      room(1);
      buffer[used++] = 0;
      return;
    }
    head(utf8Length(value));
    encode(value);
  }

  /** Adds {@code value} as {@link #add(String) add(Long.toString(value))} would. */
  private void add(long value) {
    // Room for the head and the digits together, so that neither is cut from the other.
    room(2 * ITEM);
    head(decimalLength(value));
    decimal(value);
  }

  /** Adds the parts as {@link #add(String) add(String.join("\u0000", parts))} would. */
  private void addJoined(Collection<String> parts) {
    int length = Math.max(0, parts.size() - 1);
    for (String part : parts) {
      length += utf8Length(part);
    }
    head(length);
    boolean first = true;
    for (String part : parts) {
      if (!first) {
        room(1);
        buffer[used++] = 0;
      }
      first = false;
      encode(part);
    }
  }

  /** The {@code 1}, the length in decimal and the {@code :} before a present field's bytes. */
  private void head(int length) {
    room(ITEM);
    buffer[used++] = 1;
    decimal(length);
    buffer[used++] = ':';
  }

  /** The length of {@link Long#toString(long) Long.toString(value)}. */
  private static int decimalLength(long value) {
    int length = value < 0 ? 2 : 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      length++;
    }
    return length;
  }

  /** Writes {@link Long#toString(long) Long.toString(value)}; the caller made room for it. */
  private void decimal(long value) {
    int end = used + decimalLength(value);
    int first = used;
    if (value < 0) {
      buffer[first++] = '-';
    }
    // Negative remainders, so that Long.MIN_VALUE needs no special case.
    long rest = value < 0 ? value : -value;
    for (int at = end - 1; at >= first; at--) {
      buffer[at] = (byte) ('0' - rest % 10);
      rest /= 10;
    }
    used = end;
  }

  /** Hands the buffer to the digest unless {@code bytes} more fit in it. */
  private void room(int bytes) {
    if (used > buffer.length - bytes) {
      digest.update(buffer, 0, used);
      used = 0;
    }
  }

  private void encode(String value) {
    int chars = value.length();
    for (int i = 0; i < chars; i++) {
      room(4);
      char c = value.charAt(i);
      if (c < 0x80) {
        buffer[used++] = (byte) c;
      } else if (c < 0x800) {
        buffer[used++] = (byte) (0xc0 | c >> 6);
        buffer[used++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < chars
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, value.charAt(++i));
          buffer[used++] = (byte) (0xf0 | cp >> 18);
          buffer[used++] = (byte) (0x80 | (cp >> 12 & 0x3f));
          buffer[used++] = (byte) (0x80 | (cp >> 6 & 0x3f));
          buffer[used++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          buffer[used++] = '?';
        }
      } else {
        buffer[used++] = (byte) (0xe0 | c >> 12);
        buffer[used++] = (byte) (0x80 | (c >> 6 & 0x3f));
        buffer[used++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  /** The length of {@code value} in UTF-8 as {@code getBytes(UTF_8)} encodes it. */
  static int utf8Length(String value) {
    int chars = value.length();
    int length = chars;
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        length += 1;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < chars
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          length += 2; // two chars, four bytes
          i++;
        }
        // A lone surrogate is one '?'.
      } else {
        length += 2;
      }
    }
    return length;
  }

  private String done() {
    digest.update(buffer, 0, used);
    used = 0;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
  }
}
