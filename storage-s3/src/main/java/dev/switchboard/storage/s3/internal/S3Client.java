package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallDeadline;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.CallScope;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.HttpMethod;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * S3's REST operations on one bucket, over the shared HTTP layer: it builds each request (address,
 * encoding, headers), runs it through the {@link HttpExecutor} (which signs it through the {@link
 * SigningInterceptor} and maps failures through the {@link S3Mapper}), and reads the answer.
 *
 * <p>Each operation runs in a {@link CallMode}: {@link CallMode#BLOCKING} on the caller's thread,
 * returning a completed future; {@link CallMode#NON_BLOCKING} enqueued with OkHttp, its answer read
 * on the dispatcher thread that receives it. Work that blocks without being an exchange (reading or
 * hashing content) goes through {@link #offload}, so that a non-blocking call never does it on the
 * caller's thread.
 *
 * <p>Requests ask for {@code Accept-Encoding: identity}, so that OkHttp never unzips a stored blob
 * on the way out.
 */
public final class S3Client {
  /** The largest object one {@code CopyObject} can copy. */
  public static final long MAX_COPY_SIZE = 5L << 30;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final RequestBody EMPTY = RequestBody.create(new byte[0]);
  private static final String CHECKSUM_CRC32C = "x-amz-checksum-crc32c";

  private final S3Settings settings;
  private final OkHttpClient http;
  private final HttpExecutor executor;
  private final S3Mapper mapper;
  private final SigV4 signer;
  private final HttpUrl bucketUrl;
  private final String objectPrefix;

  @Inject
  S3Client(
      S3Settings settings,
      OkHttpClient http,
      HttpExecutor executor,
      S3Mapper mapper,
      SigV4 signer) {
    this.settings = settings;
    this.http = http;
    this.executor = executor;
    this.mapper = mapper;
    this.signer = signer;
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

  /** Builds the graph for {@code settings} and returns its client. */
  public static S3Client create(S3Settings settings) {
    return DaggerS3Component.factory().create(settings).client();
  }

  /** The settings this client was built with. */
  public S3Settings settings() {
    return settings;
  }

  /**
   * Where non-blocking calls read content and blob bytes: the executor of OkHttp's dispatcher,
   * whose threads run the enqueued exchanges too, so a non-blocking call never holds the caller's
   * thread and brings no pool of its own.
   */
  public Executor reader() {
    return http.dispatcher().executorService();
  }

  /**
   * Runs {@code work} that blocks but is no exchange (reading or hashing content) in {@code mode}:
   * now on this thread, or on {@link #reader()} with this thread's {@link CallScope} current, so
   * that the calls the stages after it start keep the attempt's deadline and cancellation. The
   * future fails with whatever {@code work} throws, an {@link Error} included, so that a multipart
   * upload aborts after any failure.
   */
  public <T> CompletableFuture<T> offload(CallMode mode, String operation, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (mode == CallMode.BLOCKING) {
      completeWith(result, work);
      return result;
    }
    CallScope scope = CallScope.current().orElse(null);
    onReader(
        operation,
        result,
        () -> {
          if (scope == null) {
            completeWith(result, work);
          } else {
            scope.enter(() -> completeWith(result, work));
          }
        });
    return result;
  }

  /**
   * Starts {@code call}, made in {@code mode}, outside the attempt's deadline and cancellation: for
   * cleanup, such as aborting a multipart upload, that must be sent even once the attempt's
   * deadline has passed or the attempt was cancelled. Blocking, it runs now on this thread {@link
   * CallDeadline#outside outside} the thread's {@link CallDeadline}; non-blocking, with no {@link
   * CallScope} current (started from {@link #reader()} when one is current here).
   */
  public <T> CompletableFuture<T> unscoped(
      CallMode mode, String operation, Supplier<CompletableFuture<T>> call) {
    if (mode == CallMode.BLOCKING) {
      return CallDeadline.outside(() -> Futures.start(call));
    }
    if (CallScope.current().isEmpty()) {
      return Futures.start(call);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    onReader(
        operation,
        result,
        () ->
            Futures.start(call)
                .whenComplete(
                    (value, failure) -> {
                      if (failure == null) {
                        result.complete(value);
                      } else {
                        result.completeExceptionally(Futures.unwrap(failure));
                      }
                    }));
    return result;
  }

  /** Runs {@code task} on {@link #reader()}; if it refuses, fails {@code result}: nothing sent. */
  private void onReader(String operation, CompletableFuture<?> result, Runnable task) {
    try {
      reader().execute(task);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new ProviderUnavailableException(
              "request not sent: OkHttp's dispatcher refused the work (shut down?)",
              ErrorContext.builder()
                  .provider(settings.provider())
                  .operation(operation)
                  .requestSent(false)
                  .build(),
              e));
    }
  }

  private static <T> void completeWith(CompletableFuture<T> result, Supplier<T> work) {
    T value;
    try {
      value = work.get();
    } catch (Throwable t) {
      result.completeExceptionally(t);
      return;
    }
    result.complete(value);
  }

  /**
   * Sends {@code request} in {@code mode} and reads its 2xx answer with {@code read}, which closes
   * the response or hands it on open. The response is closed when {@code read} fails, and when the
   * future was cancelled before the answer came, so that no connection is left open.
   */
  private <T> CompletableFuture<T> exchange(
      CallMode mode, String operation, Request request, Function<Response, T> read) {
    CompletableFuture<T> result = new CompletableFuture<>();
    executor
        .executeRaw(mode, operation, http.newCall(request))
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
              }
              if (result.isDone()) {
                // Cancelled while waiting: nobody will read the answer.
                response.close();
                return;
              }
              T value;
              try {
                value = read.apply(response);
              } catch (Throwable t) {
                response.close();
                result.completeExceptionally(t);
                return;
              }
              if (!result.complete(value)) {
                response.close();
              }
            });
    return result;
  }

  /** {@code future}, with a failure of type {@code type} turned into {@code value}. */
  private static <T> CompletableFuture<T> recover(
      CompletableFuture<T> future, Class<? extends Throwable> type, T value) {
    return future.exceptionallyCompose(
        failure -> {
          Throwable cause = Futures.unwrap(failure);
          return type.isInstance(cause)
              ? CompletableFuture.completedFuture(value)
              : Futures.failed(cause);
        });
  }

  /**
   * Uploads one object from {@code body}, which has its content length. {@code payloadHash} is the
   * body's hex SHA-256, which S3 checks against what it receives, or {@link
   * SigV4#UNSIGNED_PAYLOAD}; {@code crc32c}, when not null, the body's base64 CRC32C, which S3
   * checks as well and which is signed with the other headers.
   */
  public CompletableFuture<BlobInfo> putObject(
      CallMode mode,
      String key,
      RequestBody body,
      String payloadHash,
      String crc32c,
      PutOptions options,
      long size) {
    Request.Builder request =
        objectRequest(key, null)
            .put(body)
            .header(SigningInterceptor.CONTENT_SHA256, payloadHash)
            .tag(IdempotencyKey.class, options.idempotencyKey());
    if (crc32c != null) {
      request.header(CHECKSUM_CRC32C, crc32c);
    }
    describe(request, options);
    if (options.createIfAbsent()) {
      request.header("If-None-Match", "*");
    }
    return exchange(
        mode,
        "put",
        request.build(),
        answer -> {
          try (Response response = answer) {
            return written(
                key, size, options, response.header("ETag"), response.header("Date"), response);
          }
        });
  }

  /** Starts a multipart upload and returns its id. */
  public CompletableFuture<String> createMultipartUpload(
      CallMode mode, String key, PutOptions options) {
    Request.Builder request =
        objectRequest(key, "uploads=")
            .post(EMPTY)
            .tag(IdempotencyKey.class, options.idempotencyKey());
    describe(request, options);
    return exchange(
        mode,
        "put",
        request.build(),
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = readXml(response, "put", options.idempotencyKey());
            String uploadId = result.text("UploadId");
            if (uploadId == null || uploadId.isEmpty()) {
              throw unparseable("put", response, options.idempotencyKey(), "no UploadId", null);
            }
            return uploadId;
          }
        });
  }

  /** Uploads one part, signed with its hex SHA-256 (which S3 checks), and returns its ETag. */
  public CompletableFuture<String> uploadPart(
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
        objectRequest(key, query)
            .put(body)
            .header(SigningInterceptor.CONTENT_SHA256, sha256)
            .tag(IdempotencyKey.class, idempotencyKey)
            .build();
    return exchange(
        mode,
        "put",
        request,
        answer -> {
          try (Response response = answer) {
            String etag = response.header("ETag");
            if (etag == null || etag.isEmpty()) {
              throw unparseable("put", response, idempotencyKey, "part without an ETag", null);
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
  public CompletableFuture<String[]> completeMultipartUpload(
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
        objectRequest(key, query)
            .post(RequestBody.create(body))
            .header("Content-Type", "application/xml")
            .header(SigningInterceptor.CONTENT_SHA256, SigV4.sha256Hex(body))
            .tag(IdempotencyKey.class, idempotencyKey);
    if (createIfAbsent) {
      request.header("If-None-Match", "*");
    }
    return exchange(
        mode,
        "put",
        request.build(),
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = readXml(response, "put", idempotencyKey);
            String etag = result.text("ETag");
            if (etag == null || etag.isEmpty()) {
              throw unparseable(
                  "put", response, idempotencyKey, "no ETag in " + result.name(), null);
            }
            return new String[] {etag, response.header("Date")};
          }
        });
  }

  /** Aborts a multipart upload, so that its parts are deleted and no longer billed. */
  public CompletableFuture<Void> abortMultipartUpload(
      CallMode mode, String key, String uploadId, IdempotencyKey idempotencyKey) {
    String query = SigV4.canonicalQuery(List.of(new SigV4.Param("uploadId", uploadId)));
    Request request =
        objectRequest(key, query).delete().tag(IdempotencyKey.class, idempotencyKey).build();
    return exchange(mode, "put", request, S3Client::closed);
  }

  private static Void closed(Response response) {
    response.close();
    return null;
  }

  /**
   * Opens the object, or the asked part of it; the future completes once S3 has answered, with the
   * body open and unread.
   */
  public CompletableFuture<Blob> getObject(CallMode mode, String key, GetOptions options) {
    Request.Builder request = objectRequest(key, null).get();
    options.range().ifPresent(range -> request.header("Range", range.toHeaderValue()));
    return exchange(mode, "get", request.build(), response -> open(key, options, response));
  }

  private Blob open(String key, GetOptions options, Response response) {
    try {
      ResponseBody body = response.body();
      idleTimeoutBySocketOnly(response);
      if (response.code() == 206) {
        Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")));
        if (!m.matches()) {
          throw new S3Xml.MalformedXmlException(
              "206 without a readable Content-Range: " + response.header("Content-Range"), null);
        }
        BlobInfo info = mapper.toBlobInfo(key, Long.parseLong(m.group(3)), response.headers());
        ByteRange range = ByteRange.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        return Blob.of(info, body.byteStream(), range);
      }
      BlobInfo info = mapper.toBlobInfo(key, body.contentLength(), response.headers());
      if (options.range().isPresent() && info.size() > 0) {
        // A server that ignores Range sends everything; say which bytes those are.
        return Blob.of(info, body.byteStream(), ByteRange.of(0, info.size() - 1));
      }
      return Blob.of(info, body.byteStream());
    } catch (S3Xml.MalformedXmlException | NumberFormatException | InvalidRequestException e) {
      response.close();
      throw unparseable("get", response, null, e.getMessage(), e);
    }
  }

  /**
   * Lets the socket alone time out a stalled body over HTTP/1. There OkHttp enforces the read
   * timeout twice: as the socket's {@code SO_TIMEOUT}, and with okio's watchdog, which each read of
   * at most 8 KiB schedules and cancels under a lock, waking the watchdog thread every time (128
   * times for 1 MiB). The socket's timeout ends a read that waits longer just as the watchdog
   * would, so the watchdog is switched off for the body, which is the bulk of the reads. OkHttp
   * sets the read timeout again for the connection's next exchange. Over HTTP/2 the stream's
   * timeout is the only one, so it is kept.
   */
  private static void idleTimeoutBySocketOnly(Response response) {
    Protocol protocol = response.protocol();
    if (protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0) {
      response.body().source().timeout().timeout(0, TimeUnit.MILLISECONDS);
    }
  }

  /** What S3 knows about the object, or empty when there is none. */
  public CompletableFuture<Optional<BlobInfo>> headObject(
      CallMode mode, String key, String operation) {
    Request request = objectRequest(key, null).head().build();
    return recover(
        exchange(
            mode,
            operation,
            request,
            answer -> {
              try (Response response = answer) {
                String length = response.header("Content-Length");
                return Optional.of(
                    mapper.toBlobInfo(
                        key, Long.parseLong(String.valueOf(length)), response.headers()));
              } catch (S3Xml.MalformedXmlException
                  | NumberFormatException
                  | InvalidRequestException e) {
                throw unparseable(operation, answer, null, e.getMessage(), e);
              }
            }),
        NotFoundException.class,
        Optional.empty());
  }

  /**
   * {@code HeadBucket}: whether the bucket is there and the credentials may read it, with no side
   * effect; the adapter's health probe. S3 answers it without a body, so a 503 is a {@code
   * RateLimitedException} (as S3's {@code SlowDown}), a 403 an {@code AuthenticationException}, and
   * a 404 (no such bucket) an {@link InvalidRequestException} naming {@code bucket}.
   */
  public void headBucket() {
    try {
      executor.probe(http.newCall(request(bucketUrl).head().build()));
    } catch (NotFoundException e) {
      throw new InvalidRequestException(
          "no such bucket: " + settings.bucket(), e.context(), "bucket", e);
    }
  }

  /** Deletes the object; S3 answers 204 whether or not there was one. */
  public CompletableFuture<Void> deleteObject(CallMode mode, String key) {
    Request request = objectRequest(key, null).delete().build();
    // Deleting what is not there is not an error (some S3-compatible servers answer 404).
    return recover(
        exchange(mode, "delete", request, S3Client::closed), NotFoundException.class, null);
  }

  /** One page of ListObjectsV2. */
  public CompletableFuture<BlobPage> list(CallMode mode, ListRequest list) {
    List<SigV4.Param> params = new ArrayList<>();
    params.add(new SigV4.Param("list-type", "2"));
    params.add(new SigV4.Param("max-keys", Integer.toString(list.pageSize())));
    if (!list.prefix().isEmpty()) {
      params.add(new SigV4.Param("prefix", list.prefix()));
    }
    list.delimiter().ifPresent(d -> params.add(new SigV4.Param("delimiter", d)));
    list.pageToken().ifPresent(t -> params.add(new SigV4.Param("continuation-token", t)));
    Request request =
        request(bucketUrl.newBuilder().encodedQuery(SigV4.canonicalQuery(params)).build())
            .get()
            .build();
    return exchange(
        mode,
        "list",
        request,
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = readXml(response, "list", null);
            try {
              return mapper.toPage(result);
            } catch (S3Xml.MalformedXmlException | InvalidRequestException e) {
              throw unparseable("list", response, null, e.getMessage(), e);
            }
          }
        });
  }

  /**
   * Copies {@code source} (as a HEAD described it) to {@code toKey}, on condition that the source
   * still has the ETag that was described, so the answer describes what was copied.
   */
  public CompletableFuture<BlobInfo> copyObject(CallMode mode, BlobInfo source, String toKey) {
    Request request =
        objectRequest(toKey, null)
            .put(EMPTY)
            .header(
                "x-amz-copy-source",
                "/" + settings.bucket() + "/" + SigV4.uriEncode(source.key(), false))
            .header("x-amz-copy-source-if-match", source.etag())
            .header("x-amz-metadata-directive", "COPY")
            .build();
    return exchange(
        mode,
        "copy",
        request,
        answer -> {
          try (Response response = answer) {
            S3Xml.Element result = readXml(response, "copy", null);
            String etag = result.text("ETag");
            String modified = result.text("LastModified");
            if (etag == null || modified == null) {
              throw unparseable(
                  "copy", response, null, "no ETag or LastModified in " + result.name(), null);
            }
            try {
              return source.toBuilder()
                  .key(toKey)
                  .etag(etag)
                  .lastModified(Instant.parse(modified))
                  .build();
            } catch (DateTimeParseException e) {
              throw unparseable("copy", response, null, e.getMessage(), e);
            }
          }
        });
  }

  /** A presigned URL for {@code key}; the expiry has been checked. */
  public URI presign(String key, PresignRequest request) {
    Instant now = settings.http().clock().instant();
    HttpUrl url = objectRequest(key, null).build().url();
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

  private BlobInfo written(
      String key, long size, PutOptions options, String etag, String date, Response response) {
    if (etag == null || etag.isEmpty()) {
      throw unparseable("put", response, options.idempotencyKey(), "no ETag header", null);
    }
    return BlobInfo.builder()
        .key(key)
        .size(size)
        .contentType(options.contentType())
        .etag(etag)
        .lastModified(mapper.httpDate(date, null))
        .metadata(options.metadata())
        .build();
  }

  /** What a finished multipart upload holds. */
  public BlobInfo written(String key, long size, PutOptions options, String[] etagAndDate) {
    return BlobInfo.builder()
        .key(key)
        .size(size)
        .contentType(options.contentType())
        .etag(etagAndDate[0])
        .lastModified(mapper.httpDate(etagAndDate[1], null))
        .metadata(options.metadata())
        .build();
  }

  private static void describe(Request.Builder request, PutOptions options) {
    request.header("Content-Type", options.contentType());
    for (Map.Entry<String, String> entry : options.metadata().entrySet()) {
      request.header(S3Mapper.META + entry.getKey(), entry.getValue());
    }
  }

  private S3Xml.Element readXml(Response response, String operation, IdempotencyKey key) {
    try (InputStream in = response.body().byteStream()) {
      S3Xml.Element root = S3Xml.parse(in);
      if (root.name().equals("Error")) {
        throw mapper.mapEmbedded(root, context(operation, response, key));
      }
      return root;
    } catch (S3Xml.MalformedXmlException e) {
      throw unparseable(operation, response, key, e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new OutcomeUnknownException(
          "success body cut off or unreadable: " + e, context(operation, response, key), e);
    }
  }

  private SwitchboardException unparseable(
      String operation, Response response, IdempotencyKey key, String what, Throwable cause) {
    return new OutcomeUnknownException(
        "unparseable success body: " + what, context(operation, response, key), cause);
  }

  private ErrorContext context(String operation, Response response, IdempotencyKey key) {
    return ErrorContext.builder()
        .provider(settings.provider())
        .operation(operation)
        .httpStatus(response.code())
        .vendorRequestId(response.header("x-amz-request-id"))
        .idempotencyKey(key)
        .requestSent(true)
        .build();
  }

  private Request.Builder objectRequest(String key, String encodedQuery) {
    HttpUrl.Builder url = bucketUrl.newBuilder().encodedPath(objectPrefix + encodeKey(key));
    if (encodedQuery != null) {
      url.encodedQuery(encodedQuery);
    }
    return request(url.build());
  }

  private static Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).header("Accept-Encoding", "identity");
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
