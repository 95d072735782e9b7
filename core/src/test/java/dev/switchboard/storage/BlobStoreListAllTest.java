package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BlobStoreListAllTest {

  /** Serves fixed keys in pages of two, counting list calls; every other operation is unused. */
  private static final class PagingStore implements BlobStore {
    final List<String> keys;
    final List<ListRequest> requests = new ArrayList<>();

    PagingStore(List<String> keys) {
      this.keys = keys;
    }

    @Override
    public BlobPage list(ListRequest request) {
      requests.add(request);
      List<String> matching =
          keys.stream().filter(k -> k.startsWith(request.prefix())).collect(Collectors.toList());
      int from = request.pageToken().map(Integer::parseInt).orElse(0);
      int to = Math.min(from + 2, matching.size());
      List<BlobInfo> items =
          matching.subList(from, to).stream()
              .map(k -> BlobInfo.builder().key(k).etag("e").lastModified(Instant.EPOCH).build())
              .collect(Collectors.toList());
      return BlobPage.of(items, List.of(), to < matching.size() ? Integer.toString(to) : null);
    }

    @Override
    public String provider() {
      return "paging";
    }

    @Override
    public BlobInfo put(String key, BlobContent content, PutOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Blob get(String key, GetOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public URI presign(String key, PresignRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BlobInfo copy(String fromKey, String toKey) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void pagesThroughEveryItemUnderThePrefix() {
    List<String> keys = IntStream.range(0, 5).mapToObj(i -> "p/" + i).collect(Collectors.toList());
    keys.add("q/x");
    PagingStore store = new PagingStore(keys);

    assertThat(store.listAll("p/").map(BlobInfo::key))
        .containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
    assertThat(store.requests).hasSize(3);
    assertThat(store.requests.get(1).pageToken()).contains("2");
  }

  @Test
  void fetchesPagesOnlyAsTheStreamIsConsumed() {
    PagingStore store = new PagingStore(List.of("a", "b", "c", "d", "e"));
    assertThat(store.listAll("").limit(2).count()).isEqualTo(2);
    assertThat(store.requests).hasSize(1);
  }

  @Test
  void emptyListingIsAnEmptyStream() {
    PagingStore store = new PagingStore(List.of());
    assertThat(store.listAll("")).isEmpty();
    assertThat(store.listAll("").iterator().hasNext()).isFalse();
  }

  @Test
  void invalidPrefixIsRejectedBeforeAnyCall() {
    PagingStore store = new PagingStore(List.of());
    assertThatThrownBy(() -> store.listAll("bad\n")).isInstanceOf(InvalidRequestException.class);
    assertThat(store.requests).isEmpty();
  }
}
