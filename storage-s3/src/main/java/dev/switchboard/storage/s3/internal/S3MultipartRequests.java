package dev.switchboard.storage.s3.internal;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.http.CallMode;
import dev.switchboard.storage.PutOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * S3's multipart-upload requests on one bucket ({@code CreateMultipartUpload}, {@code UploadPart},
 * {@code CompleteMultipartUpload}, {@code AbortMultipartUpload}), built and sent as the {@link
 * S3Client} builds and sends its own; {@link MultipartUpload} decides when each is sent.
 */
final class S3MultipartRequests {
  private final S3Client client;

  S3MultipartRequests(S3Client client) {
    this.client = client;
  }

  /** Starts a multipart upload and returns its id. */
  CompletableFuture<String> createMultipartUpload(CallMode mode, String key, PutOptions options) {
    Request.Builder request =
        client
            .objectRequest(key, "uploads=")
            .post(S3Client.EMPTY)
            .tag(IdempotencyKey.class, options.idempotencyKey());
    S3Client.describe(request, options);
    return client.exchange(
        mode,
        "put",
        request.build(),
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = client.readXml(response, "put", options.idempotencyKey());
            String uploadId = result.text("UploadId");
            if (uploadId == null || uploadId.isEmpty()) {
              throw client.unparseable(
                  "put", response, options.idempotencyKey(), "no UploadId", null);
            }
            return uploadId;
          }
        });
  }

  /** Uploads one part, signed with its hex SHA-256 (which S3 checks), and returns its ETag. */
  CompletableFuture<String> uploadPart(
      CallMode mode,
      String key,
      String uploadId,
      int number,
      RequestBody body,
      String sha256,
      IdempotencyKey idempotencyKey) {
    String query =
        SigV4.canonicalQuery(
            List.of(
                new SigV4.Param("partNumber", Integer.toString(number)),
                new SigV4.Param("uploadId", uploadId)));
    Request request =
        client
            .objectRequest(key, query)
            .put(body)
            .header(SigningInterceptor.CONTENT_SHA256, sha256)
            .tag(IdempotencyKey.class, idempotencyKey)
            .build();
    return client.exchange(
        mode,
        "put",
        request,
        answer -> {
          try (Response response = answer) {
            String etag = response.header("ETag");
            if (etag == null || etag.isEmpty()) {
              throw client.unparseable(
                  "put", response, idempotencyKey, "part without an ETag", null);
            }
            return etag;
          }
        });
  }

  /**
   * Completes a multipart upload; with {@code createIfAbsent} only when the key is still free.
   *
   * @return the whole object's ETag and the answer's {@code Date}
   */
  CompletableFuture<String[]> completeMultipartUpload(
      CallMode mode,
      String key,
      String uploadId,
      List<S3Xml.Part> parts,
      boolean createIfAbsent,
      IdempotencyKey idempotencyKey) {
    String query = SigV4.canonicalQuery(List.of(new SigV4.Param("uploadId", uploadId)));
    byte[] body =
        S3Xml.completeMultipartUpload(parts).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Request.Builder request =
        client
            .objectRequest(key, query)
            .post(RequestBody.create(body))
            .header("Content-Type", "application/xml")
            .header(SigningInterceptor.CONTENT_SHA256, SigV4.sha256Hex(body))
            .tag(IdempotencyKey.class, idempotencyKey);
    if (createIfAbsent) {
      request.header("If-None-Match", "*");
    }
    return client.exchange(
        mode,
        "put",
        request.build(),
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = client.readXml(response, "put", idempotencyKey);
            String etag = result.text("ETag");
            if (etag == null || etag.isEmpty()) {
              throw client.unparseable(
                  "put", response, idempotencyKey, "no ETag in " + result.name(), null);
            }
            return new String[] {etag, response.header("Date")};
          }
        });
  }

  /** Aborts a multipart upload, so that its parts are deleted and no longer billed. */
  CompletableFuture<Void> abortMultipartUpload(
      CallMode mode, String key, String uploadId, IdempotencyKey idempotencyKey) {
    String query = SigV4.canonicalQuery(List.of(new SigV4.Param("uploadId", uploadId)));
    Request request =
        client.objectRequest(key, query).delete().tag(IdempotencyKey.class, idempotencyKey).build();
    return client.exchange(mode, "put", request, S3Client::closed);
  }
}
