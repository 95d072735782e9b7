package dev.switchboard.payments.stripe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import okhttp3.FormBody;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class StripeFormTest {
  private static String text(RequestBody body) throws IOException {
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    assertThat(body.contentLength()).isEqualTo(buffer.size());
    return buffer.readUtf8();
  }

  private static Map<String, String> decode(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  @Test
  void encodesBracketKeysReservedCharactersAndUnicodeAsPercentEscapes() throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("amount", "2500");
    form.put("metadata[order id]", "a+b=c&d/é€😀~._-");

    RequestBody body = StripeForm.encode(form);

    assertThat(body.contentType()).isEqualTo(StripeForm.FORM);
    assertThat(text(body))
        .isEqualTo(
            "amount=2500&metadata%5Border%20id%5D="
                + "a%2Bb%3Dc%26d%2F%C3%A9%E2%82%AC%F0%9F%98%80~._-");
  }

  @Test
  void anEmptyFormIsAnEmptyBody() throws IOException {
    assertThat(text(StripeForm.encode(Map.of()))).isEmpty();
  }

  /** What OkHttp's own form encoding (Retrofit's {@code @FieldMap}) would send decodes the same. */
  @Property(tries = 300)
  void anyFieldsDecodeBackExactlyAndAgreeWithOkHttpsFormBody(
      @ForAll @Size(max = 6) Map<@Size(min = 1, max = 20) String, @Size(max = 40) String> fields)
      throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    fields.forEach((k, v) -> form.put(wellFormed(k), wellFormed(v)));
    FormBody.Builder okhttp = new FormBody.Builder();
    form.forEach(okhttp::add);

    String ours = text(StripeForm.encode(form));

    assertThat(decode(ours)).containsExactlyEntriesOf(form);
    assertThat(decode(ours)).containsExactlyEntriesOf(decode(text(okhttp.build())));
  }

  /** Strings as Java can hold them may have lone surrogates, which no UTF-8 form can carry. */
  private static String wellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
