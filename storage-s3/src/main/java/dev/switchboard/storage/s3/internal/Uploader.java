package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.ProgressListener;
import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Puts content into S3: in one request when its length is known and at most the multipart
 * threshold, otherwise in parts.
 *
 * <p>One request: content that can be read twice (bytes, a file) is hashed first, so the request
 * carries a signed SHA-256 and a {@code Content-MD5} that S3 checks; one-shot streams go up as
 * {@code UNSIGNED-PAYLOAD}, streamed, never buffered.
 *
 * <p>In parts: the calling thread reads the content one part at a time into a buffer of the part
 * size and hands it to a pool of {@code concurrency} threads; a semaphore keeps at most {@code
 * concurrency} buffers alive, so memory stays near concurrency × part size whatever the object's
 * size. Each part carries its signed SHA-256 and {@code Content-MD5}, and is sent again on its own
 * (up to {@code partAttempts} times in all, at once, without waiting) when S3 says it did not
 * process it or the outcome is unknown: a part is idempotent by its number. Any other failure, or
 * content that cannot be read or has the wrong length, aborts the upload so that no parts are left
 * behind, and is then thrown. Content of unknown length that ends within the first part goes up in
 * one request instead.
 */
public final class Uploader {
  /** S3 allows at most this many parts in one upload. */
  public static final int MAX_PARTS = 10_000;

  /** The largest part S3 accepts. */
  public static final long MAX_PART_SIZE = 5L << 30;

  private static final int CHUNK = 64 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final S3Client client;
  private final S3Settings settings;

  public Uploader(S3Client client) {
    this.client = client;
    this.settings = client.settings();
  }

  /** Stores {@code content} under {@code key}. */
  public BlobInfo put(String key, BlobContent content, PutOptions options) {
    OptionalLong length = content.length();
    Progress progress = new Progress(options.progressListener(), length);
    if (length.isPresent() && length.getAsLong() <= settings.multipartThreshold()) {
      return putOnce(key, content, length.getAsLong(), options, progress);
    }
    try (InputStream in = content.openStream()) {
      if (length.isPresent()) {
        return putInParts(key, in, length.getAsLong(), null, 0, options, progress);
      }
      byte[] first = new byte[settings.partSize()];
      int read = readFully(in, first, first.length, options);
      if (read < first.length) {
        return putBuffered(key, first, read, options, progress);
      }
      return putInParts(key, in, -1, first, read, options, progress);
    } catch (IOException e) {
      throw contentProblem(options, "content could not be closed: " + e, e);
    }
  }

  private BlobInfo putOnce(
      String key, BlobContent content, long length, PutOptions options, Progress progress) {
    String sha256 = SigV4.UNSIGNED_PAYLOAD;
    String md5 = null;
    if (content.isRepeatable()) {
      MessageDigest sha = SigV4.digest("SHA-256");
      MessageDigest md = SigV4.digest("MD5");
      long hashed = 0;
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = content.openStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          sha.update(buffer, 0, n);
          md.update(buffer, 0, n);
          hashed += n;
        }
      } catch (IOException e) {
        throw contentProblem(options, "content could not be read: " + e, e);
      }
      if (hashed != length) {
        throw lengthProblem(options, length, hashed);
      }
      sha256 = HexFormat.of().formatHex(sha.digest());
      md5 = Base64.getEncoder().encodeToString(md.digest());
    }
    StreamingBody body = new StreamingBody(content, length, progress);
    try {
      BlobInfo info = client.putObject(key, body, sha256, md5, options, length);
      progress.finish();
      return info;
    } catch (SwitchboardException e) {
      if (body.failure != null) {
        throw body.failure.toException(options);
      }
      throw e;
    }
  }

  private BlobInfo putBuffered(
      String key, byte[] data, int length, PutOptions options, Progress progress) {
    BlobInfo info =
        client.putObject(
            key,
            RequestBody.create(data, null, 0, length),
            sha256(data, length),
            md5(data, length),
            options,
            length);
    progress.add(length);
    progress.finish();
    return info;
  }

  private BlobInfo putInParts(
      String key,
      InputStream in,
      long declared,
      byte[] first,
      int firstLength,
      PutOptions options,
      Progress progress) {
    long partSize = settings.partSize();
    if (declared > 0) {
      partSize = Math.max(partSize, (declared + MAX_PARTS - 1) / MAX_PARTS);
      if (partSize > MAX_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
        throw InvalidRequestException.invalidField(
            "content", "content of " + declared + " bytes is too large for one S3 object");
      }
    }
    int size = (int) partSize;
    IdempotencyKey idempotencyKey = options.idempotencyKey();
    String uploadId = client.createMultipartUpload(key, options);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.concurrency(),
            task -> {
              Thread thread = new Thread(task, "switchboard-s3-part-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Semaphore buffers = new Semaphore(settings.concurrency());
    AtomicReference<SwitchboardException> failed = new AtomicReference<>();
    List<Future<S3Xml.Part>> parts = new ArrayList<>();
    try {
      long total = 0;
      int number = 0;
      while (true) {
        acquire(buffers, options);
        if (failed.get() != null) {
          break;
        }
        byte[] buffer;
        int read;
        if (number == 0 && first != null) {
          buffer = first;
          read = firstLength;
        } else {
          buffer = new byte[size];
          long wanted = declared < 0 ? size : Math.min(size, declared - total);
          read = readFully(in, buffer, (int) wanted, options);
          if (declared >= 0 && read < wanted) {
            throw lengthProblem(options, declared, total + read);
          }
        }
        if (read == 0 && number > 0) {
          buffers.release();
          break;
        }
        number++;
        if (number > MAX_PARTS) {
          throw InvalidRequestException.invalidField(
              "content",
              "content of unknown length is longer than "
                  + MAX_PARTS
                  + " parts of "
                  + size
                  + " bytes; raise multipart.part-size or give the length");
        }
        total += read;
        int partNumber = number;
        int partLength = read;
        byte[] partData = buffer;
        parts.add(
            pool.submit(
                () -> {
                  try {
                    String etag =
                        sendPart(key, uploadId, partNumber, partData, partLength, idempotencyKey);
                    progress.add(partLength);
                    return new S3Xml.Part(partNumber, etag);
                  } catch (SwitchboardException e) {
                    failed.compareAndSet(null, e);
                    throw e;
                  } finally {
                    buffers.release();
                  }
                }));
        boolean ended = declared >= 0 ? total == declared : read < size;
        if (ended) {
          break;
        }
      }
      if (declared >= 0 && failed.get() == null && probe(in, options)) {
        throw lengthProblem(options, declared, declared + 1);
      }
      List<S3Xml.Part> done = new ArrayList<>();
      for (Future<S3Xml.Part> part : parts) {
        done.add(await(part, options));
      }
      String[] result =
          client.completeMultipartUpload(
              key, uploadId, done, options.createIfAbsent(), idempotencyKey);
      progress.finish();
      return client.written(key, total, options, result);
    } catch (SwitchboardException e) {
      SwitchboardException cause = failed.get() != null ? failed.get() : e;
      stop(pool);
      abort(key, uploadId, idempotencyKey, cause);
      throw cause;
    } finally {
      pool.shutdown();
    }
  }

  private String sendPart(
      String key, String uploadId, int number, byte[] data, int length, IdempotencyKey k) {
    String sha256 = sha256(data, length);
    String md5 = md5(data, length);
    SwitchboardException last = null;
    for (int attempt = 1; attempt <= settings.partAttempts(); attempt++) {
      try {
        return client.uploadPart(key, uploadId, number, data, length, sha256, md5, k);
      } catch (ProviderUnavailableException | OutcomeUnknownException e) {
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    }
    throw last;
  }

  private void abort(String key, String uploadId, IdempotencyKey k, SwitchboardException cause) {
    try {
      client.abortMultipartUpload(key, uploadId, k);
    } catch (SwitchboardException e) {
      cause.addSuppressed(e);
    }
  }

  /** Stops the part threads and waits for them, so that no part lands after the abort. */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void acquire(Semaphore buffers, PutOptions options) {
    try {
      buffers.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException(
          "interrupted while uploading parts", localContext(options), e);
    }
  }

  private static S3Xml.Part await(Future<S3Xml.Part> part, PutOptions options) {
    try {
      return part.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SwitchboardException failure) {
        throw failure;
      }
      throw new OutcomeUnknownException(
          "a part failed unexpectedly: " + e.getCause(), localContext(options), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException(
          "interrupted while uploading parts", localContext(options), e);
    }
  }

  private static int readFully(InputStream in, byte[] buffer, int wanted, PutOptions options) {
    try {
      return in.readNBytes(buffer, 0, wanted);
    } catch (IOException e) {
      throw contentProblem(options, "content could not be read: " + e, e);
    }
  }

  /** Whether the stream holds another byte. */
  private static boolean probe(InputStream in, PutOptions options) {
    try {
      return in.read() >= 0;
    } catch (IOException e) {
      throw contentProblem(options, "content could not be read: " + e, e);
    }
  }

  static String sha256(byte[] data, int length) {
    MessageDigest sha = SigV4.digest("SHA-256");
    sha.update(data, 0, length);
    return HexFormat.of().formatHex(sha.digest());
  }

  static String md5(byte[] data, int length) {
    MessageDigest md = SigV4.digest("MD5");
    md.update(data, 0, length);
    return Base64.getEncoder().encodeToString(md.digest());
  }

  private static ErrorContext localContext(PutOptions options) {
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
  private static final class Progress {
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
  private static final class StreamingBody extends RequestBody {
    private final BlobContent content;
    private final long length;
    private final Progress progress;
    private volatile ContentFailure failure;

    StreamingBody(BlobContent content, long length, Progress progress) {
      this.content = content;
      this.length = length;
      this.progress = progress;
    }

    @Override
    public MediaType contentType() {
      return null;
    }

    @Override
    public long contentLength() {
      return length;
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
