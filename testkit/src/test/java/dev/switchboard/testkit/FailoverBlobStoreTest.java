package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.Blob;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobPage;
import dev.switchboard.storage.GetOptions;
import dev.switchboard.storage.ListRequest;
import dev.switchboard.storage.PresignRequest;
import dev.switchboard.storage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FailoverBlobStoreTest {
  private final FailoverTesting t = new FailoverTesting();
  private final InMemoryBlobStore a =
      InMemoryBlobStore.builder().provider("a").clock(t.clock).seed(1).build();
  private final InMemoryBlobStore b =
      InMemoryBlobStore.builder().provider("b").clock(t.clock).seed(2).build();

  private FailoverBlobStore store(boolean writesMayFailOver, int attempts) {
    return FailoverBlobStore.builder()
        .add(a, t.policy("a", attempts))
        .add(b, t.policy("b", attempts))
        .writesMayFailOver(writesMayFailOver)
        .clock(t.clock)
        .build();
  }

  private void replicated(String key, String text) {
    a.put(key, BlobContent.ofString(text), PutOptions.defaults());
    b.put(key, BlobContent.ofString(text), PutOptions.defaults());
  }

  private static String read(Blob blob) throws IOException {
    try (blob) {
      return new String(blob.content().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsFallBackToTheReplica() throws IOException {
    FailoverBlobStore store = store(false, 1);
    replicated("r/1", "one");
    a.failures().goDown();

    assertThat(read(store.get("r/1", GetOptions.defaults()))).isEqualTo("one");
    assertThat(store.stat("r/1")).map(BlobInfo::size).contains(3L);
    assertThat(store.list(ListRequest.builder().prefix("r/").build()).items())
        .extracting(BlobInfo::key)
        .containsExactly("r/1");
    assertThat(store.listAll("r/").map(BlobInfo::key).collect(Collectors.toList()))
        .containsExactly("r/1");
    assertThat(store.presign("r/1", PresignRequest.get(Duration.ofMinutes(5))).toString())
        .contains("memory:");
  }

  @Test
  void aMissingBlobIsNotLookedForElsewhere() {
    FailoverBlobStore store = store(false, 1);
    b.put("only-b", BlobContent.ofString("x"), PutOptions.defaults());

    assertThatThrownBy(() -> store.get("only-b", GetOptions.defaults()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void writesStayOnThePrimaryByDefault() {
    FailoverBlobStore store = store(false, 1);
    a.failures().goDown();

    assertThatThrownBy(() -> store.put("w/1", BlobContent.ofString("x"), PutOptions.defaults()))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> store.delete("w/1")).isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> store.copy("w/1", "w/2"))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(b.keys()).isEmpty();
    assertThat(b.failures().calls()).isZero();
  }

  @Test
  void writesFailOverWhenConfigured() {
    FailoverBlobStore store = store(true, 1);
    a.failures().goDown();

    store.put("w/1", BlobContent.ofString("x"), PutOptions.defaults());
    store.copy("w/1", "w/2");
    store.delete("w/1");

    assertThat(b.keys()).containsExactly("w/2");
  }

  @Test
  void oneShotContentIsReadOnceAndNeverFailsOver() {
    FailoverBlobStore store = store(true, 3);
    a.failures().failNext(1, Failure.unavailable());
    BlobContent once = BlobContent.of(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);

    assertThatThrownBy(() -> store.put("s/1", once, PutOptions.defaults()))
        .isInstanceOfSatisfying(
            ProviderUnavailableException.class,
            e -> {
              assertThat(e.provider()).contains("a");
              assertThat(e.getSuppressed())
                  .anySatisfy(
                      s ->
                          assertThat(s)
                              .isInstanceOf(InvalidRequestException.class)
                              .hasMessageContaining("one-shot"));
            });
    assertThat(a.failures().calls()).isEqualTo(1);
    assertThat(b.failures().calls()).isZero();
  }

  @Test
  void oneShotContentMovesOnWhenThePrimaryRefusedBeforeReadingIt() {
    ResiliencePolicy fragile =
        ResiliencePolicy.of(
            "a", t.config(1).breakerSlidingWindowSize(1).breakerMinimumCalls(1).build());
    FailoverBlobStore store =
        FailoverBlobStore.builder()
            .add(a, fragile)
            .add(b, t.policy("b", 1))
            .writesMayFailOver(true)
            .build();
    a.failures().failNext(1, Failure.unavailable());
    store.put("warm", BlobContent.ofString("x"), PutOptions.defaults());

    store.put(
        "s/2",
        BlobContent.of(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3),
        PutOptions.defaults());

    assertThat(b.stat("s/2")).map(BlobInfo::size).contains(3L);
  }

  @Test
  void aListingGoesOnAtTheStoreThatIssuedItsPageToken() {
    FailoverBlobStore store = store(false, 1);
    for (String key : new String[] {"p/1", "p/2", "p/3"}) {
      replicated(key, key);
    }
    a.failures().goDown();
    ListRequest request = ListRequest.builder().prefix("p/").pageSize(2).build();
    BlobPage first = store.list(request);
    assertThat(first.nextPageToken())
        .hasValueSatisfying(token -> assertThat(token).startsWith("1:b"));
    a.failures().recover();
    long aCalls = a.failures().calls();

    BlobPage second = store.list(request.withPageToken(first.nextPageToken().get()));

    assertThat(second.items()).extracting(BlobInfo::key).containsExactly("p/3");
    assertThat(a.failures().calls()).isEqualTo(aCalls);
    assertThatThrownBy(() -> store.list(request.withPageToken("9:nonsense")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("pageToken"));
  }

  @Test
  void whenEveryStoreFailsTheCausesComeInOrder() {
    FailoverBlobStore store = store(false, 1);
    a.failures().goDown();
    b.failures().goDown();

    assertThatThrownBy(() -> store.stat("k"))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class,
            e ->
                assertThat(e.causes())
                    .extracting(x -> x.provider().orElseThrow())
                    .containsExactly("a", "b"));
  }

  @Test
  void rejectsBadArgumentsBeforeCallingAnyStore() {
    FailoverBlobStore store = store(true, 1);

    assertThatThrownBy(() -> store.put("k", null, PutOptions.defaults()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("content");
    assertThatThrownBy(() -> store.put("k", BlobContent.ofString("x"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
    assertThatThrownBy(() -> store.list(null)).isInstanceOf(NullPointerException.class);
    assertThat(a.failures().calls() + b.failures().calls()).isZero();
  }
}
