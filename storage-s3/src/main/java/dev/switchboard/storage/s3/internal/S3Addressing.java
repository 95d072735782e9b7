package dev.switchboard.storage.s3.internal;

import dev.switchboard.InvalidRequestException;
import okhttp3.HttpUrl;

/**
 * Where S3's requests go: the bucket's URL, virtual-hosted ({@code <bucket>.} before the endpoint's
 * host) or path-style ({@code /<bucket>} after the endpoint's path), and below it each object's
 * URL, its key encoded as a path.
 */
final class S3Addressing {
  private final HttpUrl bucketUrl;
  private final String objectPrefix;

  S3Addressing(S3Settings settings) {
    HttpUrl base = HttpUrl.get(settings.endpoint());
    String basePath = base.encodedPath().replaceAll("/+$", "");
    if (settings.pathStyle()) {
      String bucketPath = basePath + "/" + SigV4.uriEncode(settings.bucket(), true);
      this.bucketUrl = base.newBuilder().encodedPath(bucketPath).query(null).build();
      this.objectPrefix = bucketPath + "/";
    } else {
      this.bucketUrl =
          base.newBuilder()
              .host(settings.bucket() + "." + base.host())
              .encodedPath(basePath + "/")
              .query(null)
              .build();
      this.objectPrefix = basePath + "/";
    }
  }

  /** The bucket's URL, with no query. */
  HttpUrl bucketUrl() {
    return bucketUrl;
  }

  /** The URL of the object under {@code key}, with {@code encodedQuery} unless it is null. */
  HttpUrl objectUrl(String key, String encodedQuery) {
    HttpUrl.Builder url = bucketUrl.newBuilder().encodedPath(objectPrefix + encodeKey(key));
    if (encodedQuery != null) {
      url.encodedQuery(encodedQuery);
    }
    return url.build();
  }

  /**
   * The key as a URL path: each {@code /}-separated segment encoded strictly, the slashes kept.
   * OkHttp (like every URL library) folds {@code .} and {@code ..} segments away, which would
   * change the key, so a separator next to such a segment is sent as {@code %2F}: S3 decodes the
   * path once, so it still reads the same key, and signs the path exactly as sent.
   *
   * @throws InvalidRequestException with field {@code key} for the keys {@code .} and {@code ..}
   *     themselves, which no URL can carry
   */
  static String encodeKey(String key) {
    String[] segments = key.split("/", -1);
    if (segments.length == 1 && isDot(segments[0])) {
      throw InvalidRequestException.invalidField(
          "key", "the key \"" + key + "\" cannot be sent in an S3 URL; use another key");
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        boolean joinBackward = isDot(segments[i]);
        boolean joinForward = i == 1 && isDot(segments[0]);
        path.append(joinBackward || joinForward ? "%2F" : "/");
      }
      path.append(SigV4.uriEncode(segments[i], true));
    }
    return path.toString();
  }

  private static boolean isDot(String segment) {
    return segment.equals(".") || segment.equals("..");
  }
}
