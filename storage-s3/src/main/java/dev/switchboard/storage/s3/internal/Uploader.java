package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.ProgressListener;
import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import okio.BufferedSink;

/**
 * Puts content into S3: in one request when its length is known and at most the multipart
 * threshold, otherwise in parts.
 *
 * <p>One request: content that can be read twice (bytes, a file) is hashed first, in one pass: with
 * {@link S3Settings#crc32cPayload()} (over TLS by default) the request carries its CRC32C in a
 * signed {@code x-amz-checksum-crc32c} header and an unsigned payload, otherwise its SHA-256 as the
 * signed payload hash ({@code x-amz-content-sha256}); S3 recomputes either and checks it ({@code
 * BadDigest}, {@code XAmzContentSHA256Mismatch}). No {@code Content-MD5} is sent besides, since it
 * would check the same bytes again at about twice SHA-256's cost (MD5 runs at about 0.5 GB/s,
 * SHA-256 with the CPU's SHA extensions at about 1 GB/s). One-shot streams go up as {@code
 * UNSIGNED-PAYLOAD}, streamed, never buffered.
 *
 * <p>In parts ({@link MultipartUpload}): a file is sent as ranged bodies read straight from it, so
 * no part is copied to the heap. A stream is read by the calling thread one part at a time into
 * reused buffers of the part size; at most {@code min(concurrency, memoryBudget / partSize)}
 * buffers exist, so the heap holds at most {@code multipart.memory-budget} of content whatever the
 * object's size (content whose parts would not fit the budget even once is refused). Each part
 * carries its signed SHA-256, which S3 checks. Any failure, an {@link Error} included, aborts the
 * upload so that no parts are left behind. Content of unknown length that ends within the first
 * part goes up in one request instead.
 *
 * <p>Both forms run this one implementation ({@link CallMode}). A blocking put does all its reading
 * and hashing on the caller's thread but for the parts, as above. A non-blocking put never reads
 * content on the caller's thread: what a blocking put reads first (hashing a body, the first part
 * of content of unknown length) is read on OkHttp's dispatcher executor ({@link
 * S3Threads#offload}), and bodies are written by the OkHttp thread sending them.
 */
public final class Uploader {
  /** S3 allows at most this many parts in one upload. */
  public static final int MAX_PARTS = 10_000;

  /** The largest part S3 accepts. */
  public static final long MAX_PART_SIZE = 5L << 30;

  private static final int CHUNK = 64 * 1024;

  private final S3Client client;
  private final S3Threads threads;
  private final S3Settings settings;
  private final MultipartUpload multipart;

  public Uploader(S3Client client) {
    this.client = client;
    this.threads = client.threads();
    this.settings = client.settings();
    this.multipart = new MultipartUpload(client);
  }

  /**
   * Stores {@code content} under {@code key}, in {@code mode}.
   *
   * @throws InvalidRequestException when the content's length or size is refused before anything is
   *     read or sent
   */
  public CompletableFuture<BlobInfo> put(
      CallMode mode, String key, BlobContent content, PutOptions options) {
    OptionalLong length = content.length();
    Progress progress = new Progress(options.progressListener(), length);
    if (length.isPresent() && length.getAsLong() <= settings.multipartThreshold()) {
      return putOnce(mode, key, content, length.getAsLong(), options, progress);
    }
    Optional<Path> file = content.path();
    if (file.isPresent() && length.isPresent()) {
      long size = length.getAsLong();
      Parts parts = Parts.file(file.get(), size, partSize(size), settings.concurrency());
      return multipart.upload(mode, key, parts, options, progress);
    }
    long declared = length.orElse(-1);
    long partSize = partSize(declared);
    long buffers = Math.min(settings.concurrency(), settings.memoryBudget() / partSize);
    if (buffers < 1) {
      throw InvalidRequestException.invalidField(
          "content",
          "content of "
              + declared
              + " bytes needs parts of "
              + partSize
              + " bytes, more than multipart.memory-budget ("
              + settings.memoryBudget()
              + " bytes) holds; raise it, or upload from a file");
    }
    InputStream in = content.openStream();
    Parts parts = Parts.buffered(in, declared, (int) partSize, (int) buffers, options);
    CompletableFuture<BlobInfo> put =
        Futures.start(
            () ->
                declared >= 0
                    ? multipart.upload(mode, key, parts, options, progress)
                    : threads
                        .offload(mode, "put", () -> first(parts, options))
                        .thenCompose(
                            first ->
                                first.length < partSize
                                    ? putBuffered(mode, key, first, options, progress)
                                    : multipart.upload(mode, key, parts, options, progress)));
    return put.handle((info, failure) -> closed(in, info, failure, options))
        .thenCompose(done -> done);
  }

  /** The first part of content of unknown length, read to see whether it is the only one. */
  private static Parts.Part first(Parts parts, PutOptions options) {
    try {
      return parts.peek(options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException(
          "interrupted while reading the content", localContext(options), e);
    }
  }

  /** The put's outcome once its stream is closed; a stream that fails to close fails the put. */
  private static CompletableFuture<BlobInfo> closed(
      InputStream in, BlobInfo info, Throwable failure, PutOptions options) {
    try {
      in.close();
    } catch (IOException e) {
      if (failure == null) {
        return Futures.failed(contentProblem(options, "content could not be closed: " + e, e));
      }
      failure.addSuppressed(e);
    }
    return failure == null
        ? CompletableFuture.completedFuture(info)
        : Futures.failed(Futures.unwrap(failure));
  }

  private CompletableFuture<BlobInfo> putOnce(
      CallMode mode,
      String key,
      BlobContent content,
      long length,
      PutOptions options,
      Progress progress) {
    CompletableFuture<Proof> proof =
        content.isRepeatable()
            ? threads.offload(mode, "put", () -> prove(content, length, options))
            : CompletableFuture.completedFuture(new Proof(SigV4.UNSIGNED_PAYLOAD, null));
    return proof.thenCompose(
        p -> {
          StreamingBody body = new StreamingBody(content, length, progress);
          return client
              .putObject(mode, key, body, p.payloadHash(), p.crc32c(), options, length)
              .thenApply(
                  info -> {
                    progress.finish();
                    return info;
                  })
              .exceptionallyCompose(
                  failure -> {
                    Throwable cause = Futures.unwrap(failure);
                    return Futures.failed(
                        cause instanceof SwitchboardException && body.failure != null
                            ? body.failure.toException(options)
                            : cause);
                  });
        });
  }

  /** What a put in one request proves its body with: the payload hash, and a CRC32C or null. */
  private record Proof(String payloadHash, String crc32c) {}

  /** Reads repeatable content once to hash it, checking that it holds {@code length} bytes. */
  private Proof prove(BlobContent content, long length, PutOptions options) {
    MessageDigest sha = settings.crc32cPayload() ? null : SigV4.digest("SHA-256");
    CRC32C crc = settings.crc32cPayload() ? new CRC32C() : null;
    long hashed = 0;
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = content.openStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (crc != null) {
          crc.update(buffer, 0, n);
        } else {
          sha.update(buffer, 0, n);
        }
        hashed += n;
      }
    } catch (IOException e) {
      throw contentProblem(options, "content could not be read: " + e, e);
    }
    if (hashed != length) {
      throw lengthProblem(options, length, hashed);
    }
    return crc != null
        ? new Proof(SigV4.UNSIGNED_PAYLOAD, crc32c(crc))
        : new Proof(HexFormat.of().formatHex(sha.digest()), null);
  }

  /** Content of unknown length that ended within its first part, in one request. */
  private CompletableFuture<BlobInfo> putBuffered(
      CallMode mode, String key, Parts.Part part, PutOptions options, Progress progress) {
    CompletableFuture<BlobInfo> put;
    try {
      put =
          settings.crc32cPayload()
              ? client.putObject(
                  mode,
                  key,
                  part.body(),
                  SigV4.UNSIGNED_PAYLOAD,
                  part.crc32c(options),
                  options,
                  part.length)
              : client.putObject(
                  mode, key, part.body(), part.sha256(options), null, options, part.length);
    } catch (RuntimeException | Error e) {
      part.release();
      throw e;
    }
    return put.thenApply(
            info -> {
              progress.add(part.length);
              progress.finish();
              return info;
            })
        .whenComplete((info, failure) -> part.release());
  }

  /** The part size for content of {@code declared} bytes (-1 unknown), within 10,000 parts. */
  private long partSize(long declared) {
    long partSize = settings.partSize();
    if (declared > 0) {
      partSize = Math.max(partSize, (declared + MAX_PARTS - 1) / MAX_PARTS);
      if (partSize > MAX_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
        throw InvalidRequestException.invalidField(
            "content", "content of " + declared + " bytes is too large for one S3 object");
      }
    }
    return partSize;
  }

  /** A CRC32C as {@code x-amz-checksum-crc32c} carries it: its four bytes, big-endian, base64. */
  static String crc32c(CRC32C crc) {
    long value = crc.getValue();
    return Base64.getEncoder()
        .encodeToString(
            new byte[] {
              (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
            });
  }

  static String sha256(byte[] data, int length) {
    MessageDigest sha = SigV4.digest("SHA-256");
    sha.update(data, 0, length);
    return HexFormat.of().formatHex(sha.digest());
  }

  static ErrorContext localContext(PutOptions options) {
    return ErrorContext.builder().operation("put").idempotencyKey(options.idempotencyKey()).build();
  }

  static InvalidRequestException contentProblem(
      PutOptions options, String reason, Throwable cause) {
    return new InvalidRequestException(reason, localContext(options), "content", cause);
  }

  static InvalidRequestException lengthProblem(PutOptions options, long declared, long actual) {
    return new InvalidRequestException(
        "the content was declared as "
            + declared
            + " bytes but holds "
            + (actual > declared ? "more" : Long.toString(actual)),
        localContext(options),
        "length",
        null);
  }

  /** Reports progress to the listener in order, from whichever thread sent the bytes. */
  static final class Progress {
    private final ProgressListener listener;
    private final OptionalLong total;
    private long sent;
    private boolean reported;

    Progress(ProgressListener listener, OptionalLong total) {
      this.listener = listener;
      this.total = total;
    }

    synchronized void add(long bytes) {
      sent += bytes;
      reported = true;
      listener.onProgress(sent, total);
    }

    /** Makes sure the listener heard at least once, as for empty content. */
    synchronized void finish() {
      if (!reported) {
        reported = true;
        listener.onProgress(sent, total);
      }
    }
  }

  /** Why a streamed body failed on our side rather than S3's. */
  private record ContentFailure(String reason, String field, Throwable cause) {
    InvalidRequestException toException(PutOptions options) {
      return new InvalidRequestException(reason, localContext(options), field, cause);
    }
  }

  /**
   * Writes one-shot or repeatable content straight from its stream to the socket, checking that it
   * holds exactly its declared length. The last chunk is held back until the stream has shown its
   * end, so that S3 never receives a complete body from content that turns out to be longer.
   */
  private static final class StreamingBody extends Parts.KnownLengthBody {
    private final BlobContent content;
    private final Progress progress;
    private volatile ContentFailure failure;

    StreamingBody(BlobContent content, long length, Progress progress) {
      super(length);
      this.content = content;
      this.progress = progress;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      InputStream in;
      try {
        in = content.openStream();
      } catch (InvalidRequestException e) {
        failure = new ContentFailure(e.reason(), "content", e);
        throw new IOException("content could not be opened", e);
      }
      try (InputStream closing = in) {
        byte[] buffer = new byte[CHUNK];
        long remaining = length;
        while (remaining > 0) {
          int n;
          try {
            n = closing.read(buffer, 0, (int) Math.min(buffer.length, remaining));
          } catch (IOException e) {
            failure = new ContentFailure("content could not be read: " + e, "content", e);
            throw e;
          }
          if (n < 0) {
            failure =
                new ContentFailure(
                    "the content was declared as "
                        + length
                        + " bytes but holds "
                        + (length - remaining),
                    "length",
                    null);
            throw new IOException("content ended early");
          }
          remaining -= n;
          if (remaining == 0 && closing.read() >= 0) {
            failure =
                new ContentFailure(
                    "the content was declared as " + length + " bytes but holds more",
                    "length",
                    null);
            throw new IOException("content longer than declared");
          }
          sink.write(buffer, 0, n);
          progress.add(n);
        }
      }
    }
  }
}
