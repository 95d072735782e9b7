package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import org.junit.jupiter.api.Test;

class InMemoryBlobStoreAssertTest {
  private final InMemoryBlobStore store = InMemoryBlobStore.create();

  private InMemoryBlobStoreAssert assertThatStore() {
    return new InMemoryBlobStoreAssert(store);
  }

  @Test
  void passesWhenTheStoreHoldsWhatIsExpected() {
    store.put(
        "a.txt",
        BlobContent.ofString("hello"),
        PutOptions.builder().contentType("text/plain").metadata("Owner", "ann").build());

    assertThatStore()
        .hasSize(1)
        .containsKey("a.txt")
        .doesNotContainKey("b.txt")
        .hasContent("a.txt", "hello")
        .hasContent("a.txt", new byte[] {'h', 'e', 'l', 'l', 'o'})
        .hasContentType("a.txt", "text/plain")
        .hasMetadata("a.txt", "OWNER", "ann");
  }

  @Test
  void missingKeyFailureListsTheKeysHeld() {
    store.put("present", BlobContent.ofString("x"), PutOptions.defaults());
    assertThatThrownBy(() -> assertThatStore().containsKey("absent"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected store <fake> to contain key <absent> but it did not; it holds [present]");
  }

  @Test
  void keyListInMessagesIsCut() {
    for (int i = 0; i < 25; i++) {
      store.put(String.format("k%02d", i), BlobContent.ofString("x"), PutOptions.defaults());
    }
    assertThatThrownBy(() -> assertThatStore().hasSize(3))
        .hasMessageStartingWith("Expected store <fake> to hold 3 blobs but it held 25: [k00, k01")
        .hasMessageEndingWith("k19] and 5 more");
  }

  @Test
  void unexpectedKeyFails() {
    store.put("there", BlobContent.ofString("x"), PutOptions.defaults());
    assertThatThrownBy(() -> assertThatStore().doesNotContainKey("there"))
        .hasMessage("Expected store <fake> not to contain key <there> but it did");
  }

  @Test
  void contentMismatchShowsShortTextAndOnlySizesOtherwise() {
    store.put("t", BlobContent.ofString("actual"), PutOptions.defaults());
    store.put("big", BlobContent.of(new byte[500]), PutOptions.defaults());

    assertThatThrownBy(() -> assertThatStore().hasContent("t", "wanted"))
        .hasMessage("Expected blob <t> to hold \"wanted\" but it held \"actual\"");
    assertThatThrownBy(() -> assertThatStore().hasContent("t", "much longer"))
        .hasMessage("Expected blob <t> to hold \"much longer\" but it held 6 bytes");
    assertThatThrownBy(
            () -> assertThatStore().hasContent("big", new byte[500]).hasContent("big", "x"))
        .hasMessage("Expected blob <big> to hold \"x\" but it held 500 bytes");
    assertThatThrownBy(() -> assertThatStore().hasContent("t", new byte[] {0, 1, 2, 3, 4, 5}))
        .hasMessage("Expected blob <t> to hold 6 bytes but it held \"actual\"");
  }

  @Test
  void contentTypeAndMetadataMismatchesSayWhatWasFound() {
    store.put(
        "k",
        BlobContent.ofString("x"),
        PutOptions.builder().contentType("text/plain").metadata("a", "1").build());

    assertThatThrownBy(() -> assertThatStore().hasContentType("k", "image/png"))
        .hasMessage("Expected blob <k> to have content type <image/png> but it had <text/plain>");
    assertThatThrownBy(() -> assertThatStore().hasMetadata("k", "a", "2"))
        .hasMessage("Expected blob <k> to have metadata <a=2> but its metadata was <{a=1}>");
  }

  @Test
  void failsOnANullStore() {
    assertThatThrownBy(() -> new InMemoryBlobStoreAssert(null).hasSize(0))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void readsTheStoreEvenWhileItIsDown() {
    store.put("k", BlobContent.ofString("x"), PutOptions.defaults());
    store.failures().goDown();
    assertThatStore().containsKey("k").hasContent("k", "x");
  }
}
