package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.ByteRange;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PutOptions;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * S3's REST operations on one bucket, over the shared HTTP layer: it builds each request (address
 * from the {@link S3Addressing}, encoding, headers), runs it through the {@link HttpExecutor}
 * (which signs it through the {@link SigningInterceptor} and maps failures through the {@link
 * S3Mapper}), and reads the answer. The object and bucket operations are here; the multipart
 * upload's are in {@link S3MultipartRequests}, which builds and sends its requests with this
 * class's, and presigned URLs, which are signed but never sent, come from its {@link S3Presigner}.
 *
 * <p>Each operation runs in a {@link CallMode}: {@link CallMode#BLOCKING} on the caller's thread,
 * returning a completed future; {@link CallMode#NON_BLOCKING} enqueued with OkHttp, its answer read
 * on the dispatcher thread that receives it. Work that blocks without being an exchange (reading or
 * hashing content) goes through {@link S3Threads#offload}, so that a non-blocking call never does
 * it on the caller's thread.
 *
 * <p>Requests ask for {@code Accept-Encoding: identity}, so that OkHttp never unzips a stored blob
 * on the way out.
 */
public final class S3Client {
  /** The largest object one {@code CopyObject} can copy. */
  public static final long MAX_COPY_SIZE = 5L << 30;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  static final RequestBody EMPTY = RequestBody.create(new byte[0]);
  private static final String CHECKSUM_CRC32C = "x-amz-checksum-crc32c";

  private final S3Settings settings;
  private final OkHttpClient http;
  private final HttpExecutor executor;
  private final S3Mapper mapper;
  private final S3Threads threads;
  private final S3Addressing addressing;
  private final S3Presigner presigner;

  @Inject
  S3Client(
      S3Settings settings,
      OkHttpClient http,
      HttpExecutor executor,
      S3Mapper mapper,
      SigV4 signer,
      S3Threads threads) {
    this.settings = settings;
    this.http = http;
    this.executor = executor;
    this.mapper = mapper;
    this.threads = threads;
    this.addressing = new S3Addressing(settings);
    this.presigner = new S3Presigner(settings, signer, addressing);
  }

  /** Builds the graph for {@code settings} and returns its client. */
  public static S3Client create(S3Settings settings) {
    return DaggerS3Component.factory().create(settings).client();
  }

  /** The settings this client was built with. */
  public S3Settings settings() {
    return settings;
  }

  /** Where this client's calls run their work that is not an exchange. */
  public S3Threads threads() {
    return threads;
  }

  /** Signs URLs for this client's bucket. */
  public S3Presigner presigner() {
    return presigner;
  }

  /**
   * Sends {@code request} in {@code mode} and reads its 2xx answer with {@code read}, which closes
   * the response or hands it on open. The response is closed when {@code read} fails, and when the
   * future was cancelled before the answer came, so that no connection is left open.
   */
  <T> CompletableFuture<T> exchange(
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

  static Void closed(Response response) {
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
      executor.probe(http.newCall(request(addressing.bucketUrl()).head().build()));
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
    HttpUrl url =
        addressing.bucketUrl().newBuilder().encodedQuery(SigV4.canonicalQuery(params)).build();
    Request request = request(url).get().build();
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

  static void describe(Request.Builder request, PutOptions options) {
    request.header("Content-Type", options.contentType());
    for (Map.Entry<String, String> entry : options.metadata().entrySet()) {
      request.header(S3Mapper.META + entry.getKey(), entry.getValue());
    }
  }

  S3Xml.Element readXml(Response response, String operation, IdempotencyKey key) {
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

  SwitchboardException unparseable(
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

  Request.Builder objectRequest(String key, String encodedQuery) {
    return request(addressing.objectUrl(key, encodedQuery));
  }

  private static Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).header("Accept-Encoding", "identity");
  }
}
