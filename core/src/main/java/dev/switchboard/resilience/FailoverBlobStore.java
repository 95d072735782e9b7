package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.internal.Futures;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    BlobKeys.requireValid(key);
    Objects.requireNonNull(content, "content == null");
    Objects.requireNonNull(options, "options == null");
    IdempotencyKey callerKey = options.idempotencyKey();
    OneShot oneShot = content.isRepeatable() ? null : new OneShot();
    Predicate<SwitchboardException> mayFailOver =
        failure -> (oneShot == null || !oneShot.read.get()) && writeMayFailOver(failure);
    return Futures.join(
        chain.call(
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
              Supplier<BlobInfo> put = () -> member.port().put(key, content, sent);
              if (oneShot == null) {
                return Futures.call(() -> member.policy().execute("put", sentKey, put));
              }
              return Futures.call(() -> oneShot.execute(member, sentKey, put));
            }));
  }

  @Override
  public Blob get(String key, GetOptions options) {
    BlobKeys.requireValid(key);
    Objects.requireNonNull(options, "options == null");
    return read("get", member -> member.port().get(key, options));
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    BlobKeys.requireValid(key);
    return read("stat", member -> member.port().stat(key));
  }

  @Override
  public void delete(String key) {
    BlobKeys.requireValid(key);
    Futures.join(
        chain.call(
            "delete",
            null,
            writeOrder(),
            this::writeMayFailOver,
            null,
            (member, unkeyed) ->
                Futures.call(
                    () ->
                        member
                            .policy()
                            .execute(
                                "delete",
                                null,
                                () -> {
                                  member.port().delete(key);
                                  return key;
                                }))));
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
    Objects.requireNonNull(request, "request == null");
    if (request.pageToken().isEmpty()) {
      return read("list", member -> tagged(member, member.port().list(request)));
    }
    String token = request.pageToken().get();
    int colon = token.indexOf(':');
    FailoverChain.Member<BlobStore> member = null;
    if (colon > 0) {
      member = chain.member(PageTokens.provider(token, colon)).orElse(null);
    }
    if (member == null) {
      throw InvalidRequestException.invalidField(
          "pageToken", "the page token was not issued by " + chain.name());
    }
    FailoverChain.Member<BlobStore> store = member;
    ListRequest inner = request.withPageToken(PageTokens.inner(token, colon));
    return store.policy().execute("list", null, () -> tagged(store, store.port().list(inner)));
  }

  @Override
  public URI presign(String key, PresignRequest request) {
    BlobKeys.requireValid(key);
    Objects.requireNonNull(request, "request == null");
    return read("presign", member -> member.port().presign(key, request));
  }

  @Override
  public BlobInfo copy(String fromKey, String toKey) {
    BlobKeys.requireValid("fromKey", fromKey);
    BlobKeys.requireValid("toKey", toKey);
    return Futures.join(
        chain.call(
            "copy",
            null,
            writeOrder(),
            this::writeMayFailOver,
            null,
            (member, unkeyed) ->
                Futures.call(
                    () ->
                        member
                            .policy()
                            .execute("copy", null, () -> member.port().copy(fromKey, toKey)))));
  }

  @Override
  public String toString() {
    return "FailoverBlobStore{providers="
        + chain.providers()
        + ", writesMayFailOver="
        + writesMayFailOver
        + "}";
  }

  private <T> T read(String operation, Function<FailoverChain.Member<BlobStore>, T> call) {
    return Futures.join(
        chain.call(
            operation,
            null,
            chain.members(),
            failure -> ErrorPolicy.mayFailOver(failure, READ),
            null,
            (member, unkeyed) ->
                Futures.call(
                    () -> member.policy().execute(operation, null, () -> call.apply(member)))));
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
        page.nextPageToken().map(token -> PageTokens.of(member.provider(), token)).orElse(null));
  }

  /**
   * The composite's page tokens: {@code <length of the store's name>:<name><the store's token>}, so
   * that any name and any token can be told apart again.
   */
  private static final class PageTokens {
    private PageTokens() {}

    static String of(String provider, String token) {
      return provider.length() + ":" + provider + token;
    }

    static String provider(String token, int colon) {
      int length = nameLength(token, colon);
      int end = colon + 1 + length;
      return length <= 0 || end >= token.length() ? "" : token.substring(colon + 1, end);
    }

    static String inner(String token, int colon) {
      return token.substring(colon + 1 + nameLength(token, colon));
    }

    private static int nameLength(String token, int colon) {
      String digits = token.substring(0, colon);
      if (digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      return Integer.parseInt(digits);
    }
  }

  /**
   * Lets one-shot content be read by one attempt only. The policy calls again to retry a failure;
   * the second call throws the {@link #refusal} instead of reading a consumed stream, and the put
   * surfaces the first attempt's failure.
   */
  private static final class OneShot {
    private final AtomicBoolean read = new AtomicBoolean();
    private final AtomicReference<SwitchboardException> firstFailure = new AtomicReference<>();
    private final AtomicReference<InvalidRequestException> refusal = new AtomicReference<>();

    BlobInfo execute(
        FailoverChain.Member<BlobStore> member, IdempotencyKey key, Supplier<BlobInfo> put) {
      Supplier<BlobInfo> once =
          () -> {
            if (!read.compareAndSet(false, true)) {
              InvalidRequestException again =
                  new InvalidRequestException(
                      "one-shot stream content was read by a failed attempt and cannot be sent"
                          + " again; use BlobContent.of(byte[]) or BlobContent.of(Path) for content"
                          + " that may be retried",
                      ErrorContext.builder()
                          .provider(member.provider())
                          .operation("put")
                          .idempotencyKey(key)
                          .build(),
                      "content",
                      null);
              refusal.compareAndSet(null, again);
              throw again;
            }
            try {
              return put.get();
            } catch (SwitchboardException e) {
              firstFailure.compareAndSet(null, e);
              throw e;
            }
          };
      try {
        return member.policy().execute("put", key, once);
      } catch (SwitchboardException e) {
        if (e != refusal.get()) {
          throw e;
        }
        SwitchboardException first = firstFailure.get();
        if (first == null) {
          first =
              new OutcomeUnknownException(
                  "the attempt that read the one-shot content did not finish in time",
                  ErrorContext.builder()
                      .provider(member.provider())
                      .operation("put")
                      .idempotencyKey(key)
                      .requestSent(true)
                      .build());
        }
        first.addSuppressed(e);
        throw first;
      }
    }
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
