package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.Secret;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PutOptions;
import dev.switchboard.storage.s3.internal.SigV4;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The requests the adapter sends, field by field, and how it reads S3's answers and errors. */
class S3WireTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final MockWebServer server = new MockWebServer();
  private S3BlobStore store;

  @BeforeEach
  void start() throws Exception {
    server.start();
    store =
        S3BlobStore.builder()
            .endpoint(server.url("/").uri())
            .bucket("wire-bucket")
            .region("eu-west-1")
            .accessKeyId("AKIAFAKEWIRE")
            .secretAccessKey(Secret.of("fake-wire-secret"))
            .sessionToken(Secret.of("fake-session-token"))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int code, String body, String... headers) {
    MockResponse.Builder response = new MockResponse.Builder().code(code).body(body);
    for (int i = 0; i < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(response.build());
  }

  private static String error(String code) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
        + code
        + "</Code><Message>m</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>";
  }

  @Test
  void putSendsASignedRequestWithHashesTypeMetadataAndCondition() throws Exception {
    answer(200, "", "ETag", "\"5d41402abc4b2a76b9719d911017c592\"", "x-amz-request-id", "Q1");

    BlobInfo info =
        store.put(
            "dir/hello.txt",
            BlobContent.ofString("hello"),
            PutOptions.builder()
                .contentType("text/plain; charset=utf-8")
                .metadata("Customer-Id", "c-42")
                .createIfAbsent(true)
                .idempotencyKey(IdempotencyKey.of("k-1"))
                .build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/wire-bucket/dir/hello.txt");
    assertThat(request.getBody().utf8()).isEqualTo("hello");
    assertThat(request.getHeaders().get("x-amz-content-sha256"))
        .isEqualTo(SigV4.sha256Hex("hello".getBytes(StandardCharsets.UTF_8)));
    // The signed SHA-256 is S3's integrity check; a Content-MD5 would hash the body a second time.
    assertThat(request.getHeaders().get("Content-MD5")).isNull();
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(request.getHeaders().get("x-amz-meta-customer-id")).isEqualTo("c-42");
    assertThat(request.getHeaders().get("If-None-Match")).isEqualTo("*");
    assertThat(request.getHeaders().get("x-amz-date")).isEqualTo("20260102T030405Z");
    assertThat(request.getHeaders().get("x-amz-security-token")).isEqualTo("fake-session-token");
    assertThat(request.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getHeaders().get("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIAFAKEWIRE/20260102/eu-west-1/s3/aws4_request,"
                + " SignedHeaders=content-type;host;if-none-match;"
                + "x-amz-content-sha256;x-amz-date;x-amz-meta-customer-id;x-amz-security-token,"
                + " Signature=");
    assertThat(info.etag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
    assertThat(info.metadata()).containsEntry("customer-id", "c-42");
  }

  @Test
  void withCrc32cAPutGoesUnsignedWithItsChecksumInASignedHeader() throws Exception {
    S3BlobStore crc =
        S3BlobStore.builder()
            .endpoint(server.url("/").uri())
            .bucket("wire-bucket")
            .accessKeyId("AKIAFAKEWIRE")
            .secretAccessKey(Secret.of("fake-wire-secret"))
            .payloadChecksum(PayloadChecksum.CRC32C)
            .build();
    byte[] content = new byte[300_000];
    new java.util.Random(3).nextBytes(content);
    java.util.zip.CRC32C expected = new java.util.zip.CRC32C();
    expected.update(content);
    answer(200, "", "ETag", "\"e\"");
    answer(200, "", "ETag", "\"f\"");

    crc.put("a", BlobContent.of(content), PutOptions.defaults());
    // One-shot content whose length is unknown and fits one part goes up in one request too.
    crc.put("b", BlobContent.of(new java.io.ByteArrayInputStream(content)), PutOptions.defaults());

    for (int i = 0; i < 2; i++) {
      RecordedRequest request = server.takeRequest();
      assertThat(request.getBody().toByteArray()).isEqualTo(content);
      assertThat(request.getHeaders().get("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
      assertThat(request.getHeaders().get("x-amz-checksum-crc32c"))
          .isEqualTo(
              java.util.Base64.getEncoder()
                  .encodeToString(
                      java.nio.ByteBuffer.allocate(4).putInt((int) expected.getValue()).array()));
      assertThat(request.getHeaders().get("Authorization"))
          .contains("SignedHeaders=content-type;host;x-amz-checksum-crc32c;x-amz-content-sha256;");
    }
  }

  @Test
  void aOneShotStreamGoesUpUnsigned() throws Exception {
    answer(200, "", "ETag", "\"e\"");

    store.put(
        "s",
        BlobContent.of(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 3),
        PutOptions.defaults());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertThat(request.getHeaders().get("Content-MD5")).isNull();
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/octet-stream");
  }

  @Test
  void eachPartIsSignedWithItsOwnSha256AndHashedOnlyOnce() throws Exception {
    S3BlobStore parts =
        S3BlobStore.builder()
            .endpoint(server.url("/").uri())
            .bucket("wire-bucket")
            .accessKeyId("AKIAFAKEWIRE")
            .secretAccessKey(Secret.of("fake-wire-secret"))
            .multipartThreshold(S3BlobStore.MIN_PART_SIZE)
            .partSize(S3BlobStore.MIN_PART_SIZE)
            .concurrency(1)
            .build();
    byte[] content = new byte[S3BlobStore.MIN_PART_SIZE + 3];
    new java.util.Random(7).nextBytes(content);
    answer(
        200,
        "<InitiateMultipartUploadResult><UploadId>u-1</UploadId></InitiateMultipartUploadResult>");
    answer(200, "", "ETag", "\"p1\"");
    answer(200, "", "ETag", "\"p2\"");
    answer(
        200,
        "<CompleteMultipartUploadResult><ETag>\"all-2\"</ETag></CompleteMultipartUploadResult>");

    parts.put("big", BlobContent.of(content), PutOptions.defaults());

    server.takeRequest();
    for (int part = 1; part <= 2; part++) {
      RecordedRequest request = server.takeRequest();
      int from = part == 1 ? 0 : S3BlobStore.MIN_PART_SIZE;
      byte[] bytes =
          java.util.Arrays.copyOfRange(
              content, from, part == 1 ? from + S3BlobStore.MIN_PART_SIZE : content.length);
      assertThat(request.getUrl().encodedQuery()).isEqualTo("partNumber=" + part + "&uploadId=u-1");
      assertThat(request.getBody().toByteArray()).isEqualTo(bytes);
      assertThat(request.getHeaders().get("x-amz-content-sha256"))
          .isEqualTo(SigV4.sha256Hex(bytes));
      assertThat(request.getHeaders().get("Content-MD5")).isNull();
      assertThat(request.getHeaders().get("Authorization")).doesNotContain("content-md5");
    }
  }

  static Stream<Arguments> awkwardKeys() {
    return Stream.of(
        Arguments.of("a/./b", "/wire-bucket/a%2F./b"),
        Arguments.of("p/..", "/wire-bucket/p%2F.."),
        Arguments.of("../escape", "/wire-bucket/..%2Fescape"),
        Arguments.of("double//slash", "/wire-bucket/double//slash"),
        Arguments.of(" leading and trailing ", "/wire-bucket/%20leading%20and%20trailing%20"),
        Arguments.of("trailing/", "/wire-bucket/trailing/"),
        Arguments.of(
            "percent%2F-plus+-question?-hash#-amp&",
            "/wire-bucket/percent%252F-plus%2B-question%3F-hash%23-amp%26"),
        Arguments.of("ünï-😀", "/wire-bucket/%C3%BCn%C3%AF-%F0%9F%98%80"));
  }

  @ParameterizedTest
  @MethodSource("awkwardKeys")
  void keysAreSentEncodedOnceAndNeverNormalised(String key, String path) throws Exception {
    answer(404, "");

    assertThat(store.stat(key)).isEmpty();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("HEAD");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
  }

  @Test
  void theKeysDotAndDotDotAloneAreRefusedBeforeSending() {
    for (String key : new String[] {".", ".."}) {
      assertThatThrownBy(() -> store.stat(key))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("key"));
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void listSendsASortedStrictlyEncodedQueryAndReadsThePage() throws Exception {
    answer(
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<IsTruncated>true</IsTruncated><NextContinuationToken>t/2+</NextContinuationToken>"
            + "<Contents><Key>a/b&amp;c</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
            + "<ETag>&quot;abc&quot;</ETag><Size>5</Size></Contents>"
            + "<CommonPrefixes><Prefix>a/d/</Prefix></CommonPrefixes></ListBucketResult>");

    var page =
        store.list(
            ListRequest.builder()
                .prefix("a/")
                .delimiter("/")
                .pageSize(2)
                .pageToken("t/1=")
                .build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/wire-bucket");
    assertThat(request.getUrl().encodedQuery())
        .isEqualTo("continuation-token=t%2F1%3D&delimiter=%2F&list-type=2&max-keys=2&prefix=a%2F");
    assertThat(page.items()).hasSize(1);
    assertThat(page.items().get(0).key()).isEqualTo("a/b&c");
    assertThat(page.items().get(0).etag()).isEqualTo("\"abc\"");
    assertThat(page.items().get(0).size()).isEqualTo(5);
    assertThat(page.commonPrefixes()).containsExactly("a/d/");
    assertThat(page.nextPageToken()).contains("t/2+");
  }

  private S3BlobStore storeWith(Duration readTimeout, Duration callTimeout) {
    return S3BlobStore.builder()
        .endpoint(server.url("/").uri())
        .bucket("wire-bucket")
        .accessKeyId("AKIAFAKEWIRE")
        .secretAccessKey(Secret.of("fake-wire-secret"))
        .readTimeout(readTimeout)
        .callTimeout(callTimeout)
        .build();
  }

  /** A 200 with 256 KiB of body, of which the server sends half and then nothing more. */
  private void answerHalfABodyThenStall() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("ETag", "\"e\"")
            .addHeader("Last-Modified", "Fri, 02 Jan 2026 03:04:05 GMT")
            .body(new Buffer().write(new byte[256 * 1024]))
            .onResponseBody(SocketEffect.Stall.INSTANCE)
            .build());
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatStopsArrivingFailsOnTheReadTimeout() {
    answerHalfABodyThenStall();
    S3BlobStore impatient = storeWith(Duration.ofMillis(300), Duration.ZERO);

    try (var blob = impatient.get("stalled", GetOptions.defaults())) {
      byte[] sink = new byte[64 * 1024];
      long[] read = {0};
      assertThatThrownBy(
              () -> {
                for (int n = blob.content().read(sink); n >= 0; n = blob.content().read(sink)) {
                  read[0] += n;
                }
              })
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(read[0]).isPositive().isLessThan(256 * 1024);
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aCallTimeoutStillCutsABodyThatStopsArriving() {
    answerHalfABodyThenStall();
    S3BlobStore bounded = storeWith(Duration.ofSeconds(60), Duration.ofMillis(500));

    try (var blob = bounded.get("stalled", GetOptions.defaults())) {
      assertThatThrownBy(() -> blob.content().readAllBytes()).isInstanceOf(IOException.class);
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void answerHeadersThatNeverComeAreAnUnknownOutcomeAfterTheReadTimeout() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    S3BlobStore impatient = storeWith(Duration.ofMillis(300), Duration.ZERO);

    assertThatThrownBy(() -> impatient.get("stalled", GetOptions.defaults()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.reason()).contains("SocketTimeoutException"));
  }

  @Test
  void aRangedGetReadsTheContentRangeAndKeepsTheContentTypeAsSent() throws Exception {
    answer(
        206,
        "cdef",
        "Content-Range",
        "bytes 2-5/26",
        "Content-Type",
        "application/json; charset=utf-8",
        "ETag",
        "\"e\"",
        "Last-Modified",
        "Fri, 02 Jan 2026 03:04:05 GMT",
        "x-amz-meta-note",
        "a b=c");

    try (var blob = store.get("alpha", GetOptions.range(ByteRange.of(2, 5)))) {
      assertThat(new String(blob.content().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("cdef");
      assertThat(blob.range()).contains(ByteRange.of(2, 5));
      assertThat(blob.info().size()).isEqualTo(26);
      assertThat(blob.info().contentType()).contains("application/json; charset=utf-8");
      assertThat(blob.info().metadata()).containsEntry("note", "a b=c");
      assertThat(blob.info().lastModified()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }
    assertThat(server.takeRequest().getHeaders().get("Range")).isEqualTo("bytes=2-5");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(404, "NoSuchKey", NotFoundException.class, null),
        Arguments.of(404, "NoSuchBucket", InvalidRequestException.class, "bucket"),
        Arguments.of(412, "PreconditionFailed", ConflictException.class, null),
        Arguments.of(416, "InvalidRange", InvalidRequestException.class, "range"),
        Arguments.of(403, "SignatureDoesNotMatch", AuthenticationException.class, null),
        Arguments.of(403, "InvalidAccessKeyId", AuthenticationException.class, null),
        Arguments.of(400, "ExpiredToken", AuthenticationException.class, null),
        Arguments.of(403, "AccessDenied", AuthenticationException.class, null),
        Arguments.of(503, "SlowDown", RateLimitedException.class, null),
        Arguments.of(503, "ServiceUnavailable", RateLimitedException.class, null),
        Arguments.of(500, "InternalError", OutcomeUnknownException.class, null),
        Arguments.of(400, "RequestTimeout", ProviderUnavailableException.class, null),
        Arguments.of(400, "BadDigest", ProviderUnavailableException.class, null),
        Arguments.of(400, "EntityTooLarge", InvalidRequestException.class, "content"),
        Arguments.of(400, "KeyTooLongError", InvalidRequestException.class, "key"),
        Arguments.of(400, "MetadataTooLarge", InvalidRequestException.class, "metadata"),
        Arguments.of(400, "InvalidArgument", InvalidRequestException.class, null),
        Arguments.of(502, "", OutcomeUnknownException.class, null));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void s3ErrorsMapToTheTaxonomyWithTheirRequestIds(
      int status, String code, Class<? extends SwitchboardException> type, String field) {
    answer(
        status,
        code.isEmpty() ? "<html>bad gateway</html>" : error(code),
        "x-amz-request-id",
        "REQ9",
        "x-amz-id-2",
        "HOST9");

    assertThatThrownBy(() -> store.get("k", GetOptions.defaults()))
        .isExactlyInstanceOf(type)
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> {
              assertThat(e.context().httpStatus()).hasValue(status);
              assertThat(e.context().vendorRequestId()).contains("REQ9 (x-amz-id-2 HOST9)");
              assertThat(e.context().provider()).contains("s3");
              assertThat(e.context().operation()).contains("get");
              if (!code.isEmpty()) {
                assertThat(e.context().vendorCode()).contains(code);
              }
              if (field != null) {
                assertThat(((InvalidRequestException) e).field()).contains(field);
              }
            });
  }

  @Test
  void aBadPageTokenIsNamed() {
    answer(400, error("InvalidArgument"));
    assertThatThrownBy(() -> store.list(ListRequest.builder().pageToken("forged").build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("pageToken"));
  }

  @Test
  void anErrorInsideA200CopyAnswerIsStillAnError() {
    answer(
        200,
        "",
        "Content-Length",
        "3",
        "ETag",
        "\"e\"",
        "Last-Modified",
        "Fri, 02 Jan 2026 03:04:05 GMT");
    answer(200, error("InternalError"));

    assertThatThrownBy(() -> store.copy("from", "to"))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.context().vendorCode()).contains("InternalError"));
  }

  @Test
  void aDocumentTypeDeclarationIsRefusedAndNoEntityIsExpanded() {
    answer(
        200,
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
            + "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>&xxe;</Key>"
            + "<ETag>e</ETag><Size>1</Size><LastModified>2026-01-01T00:00:00Z</LastModified>"
            + "</Contents></ListBucketResult>");

    assertThatThrownBy(() -> store.list(ListRequest.builder().build()))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.getMessage()).contains("unparseable").contains("DTD"));
  }
}
