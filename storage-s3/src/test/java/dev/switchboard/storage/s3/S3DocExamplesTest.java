package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.switchboard.config.Secret;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.s3.internal.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the S3 API reference ({@code src/test/resources/s3-doc-examples}): four
 * signed requests with the service {@code s3}, and a presigned URL made by the adapter itself.
 */
class S3DocExamplesTest {
  private static Map<?, ?> examples() throws IOException {
    try (InputStream in =
        S3DocExamplesTest.class.getResourceAsStream("/s3-doc-examples/examples.json")) {
      return new Moshi.Builder()
          .build()
          .adapter(Map.class)
          .fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void signsTheFourHeaderExamplesOfTheS3Reference() throws IOException {
    Map<?, ?> examples = examples();
    Instant time = Instant.parse((String) examples.get("time"));
    SigV4 signer = new SigV4((String) examples.get("region"), "s3");
    List<String> checked = new ArrayList<>();
    for (Object o : (List<?>) examples.get("header")) {
      Map<?, ?> example = (Map<?, ?>) o;
      String payloadHash = (String) example.get("payloadHash");
      if (example.get("body") != null) {
        assertThat(SigV4.sha256Hex(((String) example.get("body")).getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(payloadHash);
      }
      SortedMap<String, List<String>> headers = new TreeMap<>();
      ((Map<?, ?>) example.get("headers"))
          .forEach((k, v) -> headers.put((String) k, List.of((String) v)));
      headers.put("host", List.of((String) examples.get("host")));
      headers.put("x-amz-content-sha256", List.of(payloadHash));
      headers.put("x-amz-date", List.of(SigV4.amzDate(time)));
      List<SigV4.Param> query = new ArrayList<>();
      for (Object p : (List<?>) example.get("query")) {
        List<?> pair = (List<?>) p;
        query.add(new SigV4.Param((String) pair.get(0), (String) pair.get(1)));
      }
      String path = "/" + SigV4.uriEncode((String) example.get("key"), false);

      SigV4.Signature signature =
          signer.sign(
              (String) example.get("method"),
              path,
              query,
              headers,
              payloadHash,
              (String) examples.get("secretAccessKey"),
              time);

      assertThat(signature.signature())
          .as(example.get("name").toString())
          .isEqualTo(example.get("signature"));
      if (example.get("canonicalPath") != null) {
        assertThat(path).isEqualTo(example.get("canonicalPath"));
      }
      checked.add((String) example.get("name"));
    }
    assertThat(checked).hasSize(4);
  }

  @Test
  void presignsTheReferenceExampleExactly() throws IOException {
    Map<?, ?> examples = examples();
    Map<?, ?> example = (Map<?, ?>) examples.get("presign");
    S3BlobStore store =
        S3BlobStore.builder()
            .bucket("examplebucket")
            .endpoint(URI.create("https://s3.amazonaws.com"))
            .pathStyle(false)
            .accessKeyId((String) examples.get("accessKeyId"))
            .secretAccessKey(Secret.of((String) examples.get("secretAccessKey")))
            .clock(Clock.fixed(Instant.parse((String) examples.get("time")), ZoneOffset.UTC))
            .build();

    URI url =
        store.presign(
            (String) example.get("key"),
            PresignRequest.get(Duration.ofSeconds(((Number) example.get("expires")).longValue())));

    assertThat(url.getScheme() + "://" + url.getHost() + url.getRawPath())
        .isEqualTo("https://examplebucket.s3.amazonaws.com/test.txt");
    assertThat(url.getRawQuery())
        .isEqualTo(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z"
                + "&X-Amz-Expires=86400"
                + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature="
                + example.get("signature"));
  }
}
