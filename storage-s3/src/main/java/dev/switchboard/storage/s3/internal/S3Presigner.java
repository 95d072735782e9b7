package dev.switchboard.storage.s3.internal;

import dev.switchboard.storage.HttpMethod;
import dev.switchboard.storage.PresignRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Presigned URLs for the bucket's objects: signed here, with the signature in the query, and sent
 * by whoever holds them. Nothing goes over the network.
 */
public final class S3Presigner {
  private final S3Settings settings;
  private final SigV4 signer;
  private final S3Addressing addressing;

  S3Presigner(S3Settings settings, SigV4 signer, S3Addressing addressing) {
    this.settings = settings;
    this.signer = signer;
    this.addressing = addressing;
  }

  /** A presigned URL for {@code key}; the expiry has been checked. */
  public URI presign(String key, PresignRequest request) {
    Instant now = settings.http().clock().instant();
    HttpUrl url = addressing.objectUrl(key, null);
    SortedMap<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of(SigningInterceptor.hostHeader(url)));
    request.contentType().ifPresent(type -> headers.put("content-type", List.of(type)));
    S3Credentials credentials = settings.credentials();
    List<SigV4.Param> params =
        signer.presignParameters(
            credentials.accessKeyId(),
            now,
            Math.max(1, request.expiry().getSeconds()),
            credentials.token(),
            headers);
    SigV4.Signature signature =
        signer.sign(
            request.method() == HttpMethod.GET ? "GET" : "PUT",
            url.encodedPath(),
            params,
            headers,
            SigV4.UNSIGNED_PAYLOAD,
            credentials.secret(),
            now);
    String query = SigV4.canonicalQuery(params) + "&X-Amz-Signature=" + signature.signature();
    return url.newBuilder().encodedQuery(query).build().uri();
  }
}
