package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.PutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One multipart upload: {@code CreateMultipartUpload}, the parts from a {@link Parts} sent by
 * {@link Parts#concurrency()} threads, {@code CompleteMultipartUpload}.
 *
 * <p>A part that fails with "not processed" or "outcome unknown" is sent again at once, alone, up
 * to {@code partAttempts} times in all. Any other failure, on the reading thread or a part thread,
 * and whatever its type (an {@link OutOfMemoryError} included), stops the part threads, aborts the
 * upload ({@code AbortMultipartUpload}) so that no parts are left to bill, and is then thrown.
 */
final class MultipartUpload {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final S3Client client;
  private final int partAttempts;

  MultipartUpload(S3Client client) {
    this.client = client;
    this.partAttempts = client.settings().partAttempts();
  }

  BlobInfo upload(String key, Parts parts, PutOptions options, Uploader.Progress progress) {
    IdempotencyKey idempotencyKey = options.idempotencyKey();
    String uploadId = client.createMultipartUpload(key, options);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parts.concurrency(),
            task -> {
              Thread thread = new Thread(task, "switchboard-s3-part-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Semaphore slots = new Semaphore(parts.concurrency());
    AtomicReference<Throwable> failed = new AtomicReference<>();
    List<Future<S3Xml.Part>> sent = new ArrayList<>();
    try {
      while (true) {
        slots.acquire();
        if (failed.get() != null) {
          break;
        }
        Parts.Part part = parts.next(options);
        if (part == null) {
          break;
        }
        if (part.number > Uploader.MAX_PARTS) {
          throw InvalidRequestException.invalidField(
              "content",
              "content of unknown length is longer than "
                  + Uploader.MAX_PARTS
                  + " parts of "
                  + parts.partSize
                  + " bytes; raise multipart.part-size or give the length");
        }
        sent.add(
            pool.submit(
                () -> {
                  try {
                    String etag = sendPart(key, uploadId, part, idempotencyKey, options);
                    progress.add(part.length);
                    return new S3Xml.Part(part.number, etag);
                  } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                    throw t;
                  } finally {
                    part.release();
                    slots.release();
                  }
                }));
      }
      if (failed.get() == null && parts.longer(options)) {
        throw Uploader.lengthProblem(options, parts.declared, parts.declared + 1);
      }
      List<S3Xml.Part> done = new ArrayList<>();
      for (Future<S3Xml.Part> part : sent) {
        done.add(await(part, options));
      }
      String[] result =
          client.completeMultipartUpload(
              key, uploadId, done, options.createIfAbsent(), idempotencyKey);
      progress.finish();
      return client.written(key, parts.total, options, result);
    } catch (Throwable t) {
      // Errors too: an OutOfMemoryError while buffering or sending must not leave billed parts.
      Throwable cause = failed.get() != null ? failed.get() : t;
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        cause =
            new ProviderUnavailableException(
                "interrupted while uploading parts", context(options), t);
      }
      stop(pool);
      abort(key, uploadId, idempotencyKey, cause);
      throw rethrow(cause, options);
    } finally {
      pool.shutdown();
    }
  }

  private String sendPart(
      String key, String uploadId, Parts.Part part, IdempotencyKey k, PutOptions options) {
    String sha256 = part.sha256(options);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= partAttempts; attempt++) {
      try {
        return client.uploadPart(key, uploadId, part.number, part.body(), sha256, k);
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

  private void abort(String key, String uploadId, IdempotencyKey k, Throwable cause) {
    try {
      client.abortMultipartUpload(key, uploadId, k);
    } catch (RuntimeException e) {
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

  private static S3Xml.Part await(Future<S3Xml.Part> part, PutOptions options)
      throws InterruptedException {
    try {
      return part.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause(), options);
    }
  }

  private static RuntimeException rethrow(Throwable cause, PutOptions options) {
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new OutcomeUnknownException(
        "a part failed unexpectedly: " + cause, context(options), cause);
  }

  private static ErrorContext context(PutOptions options) {
    return ErrorContext.builder().operation("put").idempotencyKey(options.idempotencyKey()).build();
  }
}
