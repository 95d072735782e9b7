package dev.switchboard.payments.stripe.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Encodes a Stripe form ({@code application/x-www-form-urlencoded}, bracket keys such as {@code
 * metadata[order]}) straight into the bytes of a request body. Every byte outside RFC 3986's
 * unreserved set ({@code A-Z a-z 0-9 - . _ ~}) is percent-encoded from UTF-8, a space as {@code
 * %20}, so any form decoder reads back exactly the map's keys and values in the map's order.
 */
public final class StripeForm {
  /** The body's type, as Retrofit's {@code @FormUrlEncoded} sends it. */
  public static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      UNRESERVED[c] = true;
      UNRESERVED[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      UNRESERVED[c] = true;
    }
    for (char c : new char[] {'-', '.', '_', '~'}) {
      UNRESERVED[c] = true;
    }
  }

  private byte[] bytes = new byte[256];
  private int size;
  private boolean built;

  private StripeForm() {}

  /** An empty form, filled by {@link #add} in the order its fields are to be sent. */
  public static StripeForm create() {
    return new StripeForm();
  }

  /** The form as a request body; a null value is refused. */
  public static RequestBody encode(Map<String, String> form) {
    StripeForm encoder = new StripeForm();
    form.forEach(encoder::add);
    return encoder.body();
  }

  /**
   * Appends {@code key=value}, each percent-encoded, without building a map first (a charge's form
   * is built for every call).
   *
   * @throws NullPointerException if the key or the value is null
   * @throws IllegalStateException once {@link #body()} has been taken
   */
  public StripeForm add(String key, String value) {
    if (key == null) {
      throw new NullPointerException("key == null");
    }
    if (value == null) {
      throw new NullPointerException("value of " + key + " == null");
    }
    if (built) {
      throw new IllegalStateException("the form was already sent");
    }
    if (size > 0) {
      write((byte) '&');
    }
    escape(key);
    write((byte) '=');
    escape(value);
    return this;
  }

  /** The fields added so far as a request body, over this form's bytes (no copy). */
  public RequestBody body() {
    built = true;
    return RequestBody.create(bytes, FORM, 0, size);
  }

  private void escape(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 128 && UNRESERVED[c]) {
        write((byte) c);
      } else if (c < 128) {
        percent(c);
      } else {
        int end = i + 1;
        while (end < length && text.charAt(end) >= 128) {
          end++;
        }
        for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          percent(b & 0xff);
        }
        i = end - 1;
      }
    }
  }

  private void percent(int b) {
    write((byte) '%');
    write(HEX[b >> 4]);
    write(HEX[b & 0xf]);
  }

  private void write(byte b) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
    }
    bytes[size++] = b;
  }
}
