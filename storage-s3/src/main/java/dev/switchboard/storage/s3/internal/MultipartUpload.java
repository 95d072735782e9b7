package dev.switchboard.storage.s3.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.PutOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One multipart upload: {@code CreateMultipartUpload}, the parts from a {@link Parts}, at most
 * {@link Parts#concurrency()} at once, {@code CompleteMultipartUpload}.
 *
 * <p>A part that fails with "not processed" or "outcome unknown" is sent again at once, alone, up
 * to {@code partAttempts} times in all. Any other failure, while reading or sending a part or
 * completing, and whatever its type (an {@link OutOfMemoryError} included), stops further parts,
 * waits until no part is in flight, aborts the upload ({@code AbortMultipartUpload}) so that no
 * parts are left to bill, and is then the upload's failure.
 *
 * <p>The steps, the retry rule and the abort are written once for both {@link CallMode}s; only how
 * parts are carried differs. Blocking, the caller's thread reads the parts one at a time and hands
 * each to one of {@code concurrency} part threads, which hash and send it. Non-blocking, no thread
 * waits: each part is read and hashed on OkHttp's dispatcher executor when a slot is free, then
 * sent as an enqueued call whose body OkHttp's thread writes as it sends ({@link Flight}).
 */
final class MultipartUpload {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final S3Client client;
  private final S3MultipartRequests requests;
  private final S3Threads threads;
  private final int partAttempts;

  MultipartUpload(S3Client client) {
    this.client = client;
    this.requests = new S3MultipartRequests(client);
    this.threads = client.threads();
    this.partAttempts = client.settings().partAttempts();
  }

  CompletableFuture<BlobInfo> upload(
      CallMode mode, String key, Parts parts, PutOptions options, Uploader.Progress progress) {
    IdempotencyKey idempotencyKey = options.idempotencyKey();
    return requests
        .createMultipartUpload(mode, key, options)
        .thenCompose(
            uploadId ->
                sendParts(mode, key, uploadId, parts, options, progress)
                    .thenCompose(
                        sent -> threads.offload(mode, "put", () -> whole(parts, sent, options)))
                    .thenCompose(
                        sent ->
                            requests.completeMultipartUpload(
                                mode,
                                key,
                                uploadId,
                                sent,
                                options.createIfAbsent(),
                                idempotencyKey))
                    .thenApply(
                        result -> {
                          progress.finish();
                          return client.written(key, parts.total, options, result);
                        })
                    .exceptionallyCompose(
                        failure ->
                            abort(mode, key, uploadId, idempotencyKey, Futures.unwrap(failure))
                                .thenCompose(
                                    cause -> Futures.<BlobInfo>failed(rethrown(cause, options)))));
  }

  /** Every part, in order, once each is sent; the failure once no part is in flight any more. */
  private CompletableFuture<List<S3Xml.Part>> sendParts(
      CallMode mode,
      String key,
      String uploadId,
      Parts parts,
      PutOptions options,
      Uploader.Progress progress) {
    return mode == CallMode.BLOCKING
        ? sendOnThreads(key, uploadId, parts, options, progress)
        : new Flight(key, uploadId, parts, options, progress).start();
  }

  /** {@code sent}, once the content has shown it holds no more than its declared length. */
  private static List<S3Xml.Part> whole(Parts parts, List<S3Xml.Part> sent, PutOptions options) {
    if (parts.longer(options)) {
      throw Uploader.lengthProblem(options, parts.declared, parts.declared + 1);
    }
    return sent;
  }

  /**
   * Hashes a part and sends it, again at once after "not processed" or "outcome unknown" (each
   * failure carrying the one before it as suppressed) up to {@code partAttempts} times, unless
   * {@code stopped} says the upload is failing anyway.
   */
  private CompletableFuture<String> sendPart(
      CallMode mode,
      String key,
      String uploadId,
      Parts.Part part,
      PutOptions options,
      BooleanSupplier stopped) {
    return threads
        .offload(mode, "put", () -> part.sha256(options))
        .thenCompose(
            sha256 -> attempt(mode, key, uploadId, part, sha256, options, 1, null, stopped));
  }

  private CompletableFuture<String> attempt(
      CallMode mode,
      String key,
      String uploadId,
      Parts.Part part,
      String sha256,
      PutOptions options,
      int attempt,
      RuntimeException previous,
      BooleanSupplier stopped) {
    return requests
        .uploadPart(mode, key, uploadId, part.number, part.body(), sha256, options.idempotencyKey())
        .exceptionallyCompose(
            failure -> {
              Throwable cause = Futures.unwrap(failure);
              if (!(cause instanceof ProviderUnavailableException
                  || cause instanceof OutcomeUnknownException)) {
                return Futures.failed(cause);
              }
              if (previous != null) {
                cause.addSuppressed(previous);
              }
              if (attempt >= partAttempts || stopped.getAsBoolean()) {
                return Futures.failed(cause);
              }
              return attempt(
                  mode,
                  key,
                  uploadId,
                  part,
                  sha256,
                  options,
                  attempt + 1,
                  (RuntimeException) cause,
                  stopped);
            });
  }

  /**
   * Aborts the upload after {@code cause}; the future completes with the cause, carrying the
   * abort's own failure, if any, as suppressed. The abort is sent outside the attempt's deadline
   * and cancellation ({@link S3Threads#unscoped}), so that a deadline that passed or a cancellation
   * (often the very cause) does not keep it from being sent.
   */
  private CompletableFuture<Throwable> abort(
      CallMode mode, String key, String uploadId, IdempotencyKey k, Throwable cause) {
    CompletableFuture<Void> aborted =
        threads.unscoped(mode, "put", () -> requests.abortMultipartUpload(mode, key, uploadId, k));
    return aborted.handle(
        (done, failure) -> {
          if (failure != null) {
            cause.addSuppressed(Futures.unwrap(failure));
          }
          return cause;
        });
  }

  private static Throwable rethrown(Throwable cause, PutOptions options) {
    if (cause instanceof RuntimeException || cause instanceof Error) {
      return cause;
    }
    return new OutcomeUnknownException(
        "a part failed unexpectedly: " + cause, context(options), cause);
  }

  static InvalidRequestException tooManyParts(Parts parts) {
    return InvalidRequestException.invalidField(
        "content",
        "content of unknown length is longer than "
            + Uploader.MAX_PARTS
            + " parts of "
            + parts.partSize
            + " bytes; raise multipart.part-size or give the length");
  }

  /**
   * The blocking form's parts: read by this thread while a slot is free, each hashed and sent by
   * one of {@link Parts#concurrency()} part threads. A failure stops the part threads and waits for
   * them, so that no part lands after the abort.
   */
  private CompletableFuture<List<S3Xml.Part>> sendOnThreads(
      String key, String uploadId, Parts parts, PutOptions options, Uploader.Progress progress) {
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
    BooleanSupplier interrupted = () -> Thread.currentThread().isInterrupted();
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
          throw tooManyParts(parts);
        }
        sent.add(
            pool.submit(
                () -> {
                  try {
                    String etag =
                        Futures.join(
                            sendPart(CallMode.BLOCKING, key, uploadId, part, options, interrupted));
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
      List<S3Xml.Part> done = new ArrayList<>();
      for (Future<S3Xml.Part> part : sent) {
        done.add(part.get());
      }
      return CompletableFuture.completedFuture(done);
    } catch (Throwable t) {
      // Errors too: an OutOfMemoryError while buffering or sending must not leave billed parts.
      Throwable cause = failed.get() != null ? failed.get() : t;
      if (cause instanceof ExecutionException e) {
        cause = e.getCause();
      }
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        cause =
            new ProviderUnavailableException(
                "interrupted while uploading parts", context(options), t);
      }
      stop(pool);
      return Futures.failed(cause);
    } finally {
      pool.shutdown();
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

  private static ErrorContext context(PutOptions options) {
    return ErrorContext.builder().operation("put").idempotencyKey(options.idempotencyKey()).build();
  }

  /**
   * The non-blocking form's parts in flight. A part is read (and its buffer taken) only when fewer
   * than {@link Parts#concurrency()} are in flight, so a buffered stream's memory budget holds and
   * reading never waits for a buffer; reads follow one another, on OkHttp's dispatcher executor.
   * Each part is hashed there too, then sent as an enqueued call, and its buffer given back once it
   * is sent or has failed. After the first failure no part is read or retried, and the flight ends
   * once the parts still in flight have ended, so that the abort comes after the last of them.
   */
  private final class Flight {
    private final String key;
    private final String uploadId;
    private final Parts parts;
    private final PutOptions options;
    private final Uploader.Progress progress;
    private final CompletableFuture<List<S3Xml.Part>> done = new CompletableFuture<>();
    // Guarded by this.
    private final List<S3Xml.Part> sent = new ArrayList<>();
    private int inFlight;
    private boolean reading;
    private boolean ended;
    private boolean settled;
    private Throwable failure;

    Flight(
        String key, String uploadId, Parts parts, PutOptions options, Uploader.Progress progress) {
      this.key = key;
      this.uploadId = uploadId;
      this.parts = parts;
      this.options = options;
      this.progress = progress;
    }

    CompletableFuture<List<S3Xml.Part>> start() {
      advance();
      return done;
    }

    private synchronized boolean failed() {
      return failure != null;
    }

    /** Reads the next part if a slot is free, or ends the flight once nothing is left in it. */
    private void advance() {
      boolean read;
      Throwable cause;
      List<S3Xml.Part> all;
      synchronized (this) {
        if (reading || settled) {
          return;
        }
        read = failure == null && !ended && inFlight < parts.concurrency();
        if (!read && inFlight > 0) {
          return;
        }
        reading = read;
        settled = !read;
        cause = failure;
        all = new ArrayList<>(sent);
      }
      if (read) {
        threads.offload(CallMode.NON_BLOCKING, "put", this::readNext).whenComplete(this::onRead);
      } else if (cause != null) {
        done.completeExceptionally(cause);
      } else {
        all.sort(Comparator.comparingInt(S3Xml.Part::number));
        done.complete(all);
      }
    }

    private Parts.Part readNext() {
      Parts.Part part;
      try {
        part = parts.next(options);
      } catch (InterruptedException e) {
        throw new ProviderUnavailableException(
            "interrupted while reading the content", context(options), e);
      }
      if (part != null && part.number > Uploader.MAX_PARTS) {
        part.release();
        throw tooManyParts(parts);
      }
      return part;
    }

    private void onRead(Parts.Part part, Throwable problem) {
      boolean send;
      synchronized (this) {
        reading = false;
        if (problem != null) {
          fail(Futures.unwrap(problem));
        } else if (part == null) {
          ended = true;
        } else if (failure == null) {
          inFlight++;
        }
        send = part != null && failure == null;
      }
      if (send) {
        send(part);
      } else if (part != null) {
        part.release();
      }
      advance();
    }

    private void send(Parts.Part part) {
      sendPart(CallMode.NON_BLOCKING, key, uploadId, part, options, this::failed)
          .whenComplete(
              (etag, t) -> {
                Throwable problem = t == null ? null : Futures.unwrap(t);
                if (problem == null) {
                  try {
                    progress.add(part.length);
                  } catch (Throwable listener) {
                    problem = listener;
                  }
                }
                part.release();
                synchronized (this) {
                  inFlight--;
                  if (problem == null) {
                    sent.add(new S3Xml.Part(part.number, etag));
                  } else {
                    fail(problem);
                  }
                }
                advance();
              });
    }

    private void fail(Throwable problem) {
      if (failure == null) {
        failure = problem;
      }
    }
  }
}
