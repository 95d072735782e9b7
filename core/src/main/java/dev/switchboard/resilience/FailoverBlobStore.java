package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.storage.AsyncBlob;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobKeys;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link BlobStore} over several stores in priority order, each behind its own {@link
 * ResiliencePolicy}: reads fall back to the next store, writes stay on the primary unless told
 * otherwise.
 *
 * <p><b>It assumes replicated buckets</b>: every store holds the same blobs under the same keys
 * (vendor replication, or a process that copies them). Otherwise a read that falls back finds
 * another bucket's state, and a write that fails over lands in a bucket the primary never sees.
 *
 * <pre>{@code
 * BlobStore blobs = FailoverBlobStore.builder()
 *     .add(primaryStore, primaryPolicy)
 *     .add(replicaStore)               // with ResiliencePolicy.ofDefaults(its provider)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Reads</b> ({@code get}, {@code stat}, {@code list}, {@code listAll}, {@code presign})
 *       are offered to the stores in order and move on where {@link ErrorPolicy#mayFailOver} allows
 *       it for {@link FailoverScope#storageRead}: unavailable, rate limited, unknown outcome and
 *       the policy's own refusals; a {@link dev.switchboard.NotFoundException} does not. Page
 *       tokens name the store that issued them, so the next pages of a listing come from the same
 *       store and never fail over: page tokens do not carry over between vendors. A listing cut
 *       short by its store's failure is started again from the first page.
 *   <li><b>Writes</b> ({@code put}, {@code delete}, {@code copy}) go to the primary only, and its
 *       failure, or its policy's refusal, surfaces as it is. With {@link Builder#writesMayFailOver}
 *       they move on like reads (an unknown outcome included: writes are idempotent). The primary
 *       receives the put's idempotency key unchanged, every other store {@code key.derive(store)}.
 *   <li><b>One-shot content</b> ({@link BlobContent#isRepeatable()} false) is read once, by one
 *       attempt. A failed put of it never moves to another store, and since the policy retries a
 *       retryable failure by calling again, the call the composite hands the policy refuses to run
 *       a second time: the put fails with the first attempt's failure, which carries the refusal as
 *       suppressed; when that attempt's outcome was not seen (the policy's timeout ended it), with
 *       an {@link OutcomeUnknownException}. A store that refused before reading (breaker open,
 *       bulkhead full) leaves the content unread, so the put moves on when writes may.
 *   <li>When every store refused or failed: {@link AllProvidersUnavailableException} with each
 *       cause in the order tried.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class FailoverBlobStore implements BlobStore {
  private static final FailoverScope READ = FailoverScope.storageRead();
  private static final FailoverScope WRITE = FailoverScope.storageWrite(true);
  private static final ResilienceConfig STORAGE_DEFAULTS =
      ResilienceConfig.defaults().toBuilder().timeoutCall(Duration.ZERO).build();

  private final FailoverChain<BlobStore> chain;
  private final boolean writesMayFailOver;
  private final AsyncBlobStore async = new Async();

  private FailoverBlobStore(FailoverChain<BlobStore> chain, boolean writesMayFailOver) {
    this.chain = chain;
    this.writesMayFailOver = writesMayFailOver;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code failover(a,b)}, from the stores' names in priority order. */
  @Override
  public String provider() {
    return chain.name();
  }

  /** The stores' names in priority order. */
  public List<String> providers() {
    return chain.providers();
  }

  /** Each store's health, from its policy, in priority order. */
  public List<ProviderHealth> health() {
    return chain.health();
  }

  /**
   * Registers a listener for this composite's events.
   *
   * @throws NullPointerException if the listener is null
   */
  public void addListener(FailoverListener listener) {
    chain.addListener(listener);
  }

  /** Removes a listener; removing one that was never added does nothing. */
  public void removeListener(FailoverListener listener) {
    chain.removeListener(listener);
  }

  @Override
  public BlobInfo put(String key, BlobContent content, PutOptions options) {
    return Futures.join(put(key, content, options, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public Blob get(String key, GetOptions options) {
    BlobKeys.requireValid(key);
    Objects.requireNonNull(options, "options == null");
    return Futures.join(
        read("get", CallMode.BLOCKING, new Cancellation(), store -> store.get(key, options), null));
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    return Futures.join(stat(key, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public void delete(String key) {
    Futures.join(delete(key, CallMode.BLOCKING, new Cancellation()));
  }

  /**
   * The first page comes from the first store that serves it; a later page from the store named in
   * its token, without failover.
   *
   * @throws InvalidRequestException with field {@code pageToken} for a token this composite did not
   *     issue
   */
  @Override
  public BlobPage list(ListRequest request) {
    return Futures.join(list(request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public URI presign(String key, PresignRequest request) {
    return Futures.join(presign(key, request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public BlobInfo copy(String fromKey, String toKey) {
    return Futures.join(copy(fromKey, toKey, CallMode.BLOCKING, new Cancellation()));
  }

  /**
   * The same composite without blocking: every call is routed and failed over exactly as the
   * blocking one, over each store's {@link BlobStore#async()} form.
   */
  @Override
  public AsyncBlobStore async() {
    return async;
  }

  @Override
  public String toString() {
    return "FailoverBlobStore{providers="
        + chain.providers()
        + ", writesMayFailOver="
        + writesMayFailOver
        + "}";
  }

  // One implementation per operation for both modes; a blocking call completes before it returns.

  private CompletableFuture<BlobInfo> put(
      String key,
      BlobContent content,
      PutOptions options,
      CallMode mode,
      Cancellation cancellation) {
    BlobKeys.requireValid(key);
    Objects.requireNonNull(content, "content == null");
    Objects.requireNonNull(options, "options == null");
    IdempotencyKey callerKey = options.idempotencyKey();
    OneShotPut oneShot = content.isRepeatable() ? null : new OneShotPut();
    Predicate<SwitchboardException> mayFailOver =
        failure ->
            !cancellation.requested()
                && (oneShot == null || !oneShot.read())
                && writeMayFailOver(failure);
    return chain.call(
        "put",
        callerKey,
        writeOrder(),
        mayFailOver,
        null,
        (member, sentKey) -> {
          PutOptions sent =
              sentKey == null || sentKey.equals(callerKey)
                  ? options
                  : options.toBuilder().idempotencyKey(sentKey).build();
          Supplier<CompletableFuture<BlobInfo>> put =
              mode == CallMode.BLOCKING
                  ? () -> Futures.call(() -> member.port().put(key, content, sent))
                  : () -> member.port().async().put(key, content, sent);
          if (oneShot == null) {
            return member.policy().run(mode, "put", sentKey, cancellation, put);
          }
          return oneShot.execute(mode, cancellation, member, sentKey, put);
        });
  }

  private CompletableFuture<Optional<BlobInfo>> stat(
      String key, CallMode mode, Cancellation cancellation) {
    BlobKeys.requireValid(key);
    return read(
        "stat", mode, cancellation, store -> store.stat(key), store -> store.async().stat(key));
  }

  private CompletableFuture<String> delete(String key, CallMode mode, Cancellation cancellation) {
    BlobKeys.requireValid(key);
    return write(
        "delete",
        mode,
        cancellation,
        store -> {
          store.delete(key);
          return key;
        },
        store -> store.async().delete(key).thenApply(done -> key));
  }

  private CompletableFuture<BlobPage> list(
      ListRequest request, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(request, "request == null");
    if (request.pageToken().isEmpty()) {
      return read(
          "list",
          mode,
          cancellation,
          store -> store.list(request),
          store -> store.async().list(request));
    }
    String token = request.pageToken().get();
    int colon = token.indexOf(':');
    FailoverChain.Member<BlobStore> member = null;
    if (colon > 0) {
      member = chain.member(BlobPageTokens.provider(token, colon)).orElse(null);
    }
    if (member == null) {
      throw InvalidRequestException.invalidField(
          "pageToken", "the page token was not issued by " + chain.name());
    }
    FailoverChain.Member<BlobStore> store = member;
    ListRequest inner = request.withPageToken(BlobPageTokens.inner(token, colon));
    return FailoverChain.onMember(
            mode,
            cancellation,
            store,
            "list",
            null,
            port -> port.list(inner),
            port -> port.async().list(inner))
        .thenApply(page -> tagged(store, page));
  }

  private CompletableFuture<URI> presign(
      String key, PresignRequest request, CallMode mode, Cancellation cancellation) {
    BlobKeys.requireValid(key);
    Objects.requireNonNull(request, "request == null");
    return read(
        "presign",
        mode,
        cancellation,
        store -> store.presign(key, request),
        store -> store.async().presign(key, request));
  }

  private CompletableFuture<BlobInfo> copy(
      String fromKey, String toKey, CallMode mode, Cancellation cancellation) {
    BlobKeys.requireValid("fromKey", fromKey);
    BlobKeys.requireValid("toKey", toKey);
    return write(
        "copy",
        mode,
        cancellation,
        store -> store.copy(fromKey, toKey),
        store -> store.async().copy(fromKey, toKey));
  }

  /**
   * A read offered to the stores in order; a listing's first page is tagged with the store that
   * served it, so its later pages go there. Only the form of {@code mode} is called, so a get,
   * whose two forms answer different types, passes null for the other.
   */
  private <T> CompletableFuture<T> read(
      String operation,
      CallMode mode,
      Cancellation cancellation,
      Function<BlobStore, T> blocking,
      Function<BlobStore, CompletableFuture<T>> nonBlocking) {
    return chain.call(
        operation,
        null,
        chain.members(),
        failure -> !cancellation.requested() && ErrorPolicy.mayFailOver(failure, READ),
        null,
        (member, unkeyed) ->
            FailoverChain.onMember(
                    mode, cancellation, member, operation, null, blocking, nonBlocking)
                .thenApply(result -> tagIfPage(member, result)));
  }

  private <T> CompletableFuture<T> write(
      String operation,
      CallMode mode,
      Cancellation cancellation,
      Function<BlobStore, T> blocking,
      Function<BlobStore, CompletableFuture<T>> nonBlocking) {
    return chain.call(
        operation,
        null,
        writeOrder(),
        failure -> !cancellation.requested() && writeMayFailOver(failure),
        null,
        (member, unkeyed) ->
            FailoverChain.onMember(
                mode, cancellation, member, operation, null, blocking, nonBlocking));
  }

  @SuppressWarnings("unchecked")
  private static <T> T tagIfPage(FailoverChain.Member<BlobStore> member, T result) {
    return result instanceof BlobPage page ? (T) tagged(member, page) : result;
  }

  /** The non-blocking view: each call gets its own cancellation, reached by its future. */
  private final class Async implements AsyncBlobStore {
    @Override
    public String provider() {
      return FailoverBlobStore.this.provider();
    }

    @Override
    public CompletableFuture<BlobInfo> put(String key, BlobContent content, PutOptions options) {
      return Cancellation.start(
          c -> FailoverBlobStore.this.put(key, content, options, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<AsyncBlob> get(String key, GetOptions options) {
      return Cancellation.start(
          c -> {
            BlobKeys.requireValid(key);
            Objects.requireNonNull(options, "options == null");
            return read(
                "get", CallMode.NON_BLOCKING, c, null, store -> store.async().get(key, options));
          });
    }

    @Override
    public CompletableFuture<Optional<BlobInfo>> stat(String key) {
      return Cancellation.start(c -> FailoverBlobStore.this.stat(key, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
      return Cancellation.start(
          c ->
              FailoverBlobStore.this
                  .delete(key, CallMode.NON_BLOCKING, c)
                  .thenApply(deleted -> (Void) null));
    }

    @Override
    public CompletableFuture<BlobPage> list(ListRequest request) {
      return Cancellation.start(
          c -> FailoverBlobStore.this.list(request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<URI> presign(String key, PresignRequest request) {
      return Cancellation.start(
          c -> FailoverBlobStore.this.presign(key, request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<BlobInfo> copy(String fromKey, String toKey) {
      return Cancellation.start(
          c -> FailoverBlobStore.this.copy(fromKey, toKey, CallMode.NON_BLOCKING, c));
    }

    @Override
    public String toString() {
      return "async " + FailoverBlobStore.this;
    }
  }

  private List<FailoverChain.Member<BlobStore>> writeOrder() {
    return writesMayFailOver ? chain.members() : List.of(chain.primary());
  }

  private boolean writeMayFailOver(SwitchboardException failure) {
    return writesMayFailOver && ErrorPolicy.mayFailOver(failure, WRITE);
  }

  private static BlobPage tagged(FailoverChain.Member<BlobStore> member, BlobPage page) {
    return BlobPage.of(
        page.items(),
        page.commonPrefixes(),
        page.nextPageToken()
            .map(token -> BlobPageTokens.of(member.provider(), token))
            .orElse(null));
  }

  /**
   * Builds a {@link FailoverBlobStore}. Defaults: writes stay on the primary; the system UTC clock
   * for events; no listeners.
   */
  public static final class Builder {
    private final FailoverChain.Spec<BlobStore> spec =
        new FailoverChain.Spec<>(BlobStore::provider, BlobStore::healthProbe);
    private boolean writesMayFailOver;

    private Builder() {}

    /**
     * Adds the next store in priority order, behind its policy, whose provider must be the store's.
     *
     * @throws NullPointerException if either is null
     * @throws InvalidRequestException if the policy is another provider's, or the store was already
     *     added
     */
    public Builder add(BlobStore store, ResiliencePolicy policy) {
      Objects.requireNonNull(store, "store == null");
      spec.add(store, policy);
      return this;
    }

    /**
     * Adds the next store with the {@link ResilienceConfig#defaults() default policy} but no
     * whole-call timeout ({@code timeout.call} 0): a put or get of a large blob may rightly take
     * long, and a store ends a stalled transfer on its own read and write timeouts.
     */
    public Builder add(BlobStore store) {
      Objects.requireNonNull(store, "store == null");
      spec.add(store, ResiliencePolicy.of(store.provider(), STORAGE_DEFAULTS));
      return this;
    }

    /**
     * Whether {@code put}, {@code delete} and {@code copy} may move to the next store (default
     * false). Only for buckets that replicate both ways, or whose replicas are reconciled later.
     */
    public Builder writesMayFailOver(boolean writesMayFailOver) {
      this.writesMayFailOver = writesMayFailOver;
      return this;
    }

    /**
     * Adds a listener for the composite's events.
     *
     * @throws NullPointerException if the listener is null
     */
    public Builder listener(FailoverListener listener) {
      spec.listener(listener);
      return this;
    }

    /**
     * The clock that stamps events; the policies keep their own.
     *
     * @throws NullPointerException if the clock is null
     */
    public Builder clock(Clock clock) {
      spec.clock(clock);
      return this;
    }

    /**
     * The composite.
     *
     * @throws InvalidRequestException if no store was added
     */
    public FailoverBlobStore build() {
      return new FailoverBlobStore(spec.build(FailoverBlobStore.class), writesMayFailOver);
    }
  }
}
