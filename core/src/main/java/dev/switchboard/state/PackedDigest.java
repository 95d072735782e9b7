package dev.switchboard.state;

import java.util.Base64;

/**
 * A 32-byte digest written as 43 characters of unpadded base64url (how request fingerprints are
 * written) held as four longs instead, and written back exactly. Any other text is not a packed
 * digest, including 43 characters whose unused last two bits are set: those would not read back to
 * the same text.
 */
final class PackedDigest {
  private static final int TEXT_LENGTH = 43;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private PackedDigest() {}

  /** The digest as four big-endian longs, or {@code null} when {@code text} is not one. */
  static long[] unpack(String text) {
    if (text.length() != TEXT_LENGTH) {
      return null;
    }
    long[] words = new long[4];
    long bits = 0;
    int held = 0;
    int bytes = 0;
    for (int i = 0; i < TEXT_LENGTH; i++) {
      int value = value(text.charAt(i));
      if (value < 0) {
        return null;
      }
      bits = (bits << 6) | value;
      held += 6;
      if (held >= 8) {
        held -= 8;
        int b = (int) (bits >>> held) & 0xff;
        words[bytes >>> 3] = (words[bytes >>> 3] << 8) | b;
        bytes++;
      }
    }
    // 43 characters carry 258 bits: the last two belong to no byte and must be zero.
    return bytes == 32 && held == 2 && (bits & 0b11) == 0 ? words : null;
  }

  /** The text {@link #unpack} read {@code words} from. */
  static String pack(long[] words) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < 32; i++) {
      bytes[i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
    }
    return ENCODER.encodeToString(bytes);
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }
}
