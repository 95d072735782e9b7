package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ListRequestTest {

  @Test
  void defaultsToEverythingInPagesOf1000() {
    ListRequest request = ListRequest.builder().build();
    assertThat(request.prefix()).isEmpty();
    assertThat(request.delimiter()).isEmpty();
    assertThat(request.pageSize()).isEqualTo(1000);
    assertThat(request.pageToken()).isEmpty();
  }

  @Test
  void withPageTokenKeepsTheRest() {
    ListRequest request =
        ListRequest.builder().prefix("photos/").delimiter("/").pageSize(3).build();
    ListRequest next = request.withPageToken("t1");

    assertThat(next.pageToken()).contains("t1");
    assertThat(next.toBuilder().pageToken(null).build()).isEqualTo(request);
    assertThat(next)
        .isNotEqualTo(request)
        .hasToString("ListRequest[prefix=photos/, delimiter=/, pageSize=3, pageToken=present]");
    assertThat(request.hashCode()).isEqualTo(next.toBuilder().pageToken(null).build().hashCode());
  }

  @Test
  void pageSizeMustBeOneTo1000() {
    assertThat(ListRequest.builder().pageSize(1).build().pageSize()).isEqualTo(1);
    assertRejected(() -> ListRequest.builder().pageSize(0), "pageSize");
    assertRejected(() -> ListRequest.builder().pageSize(1001), "pageSize");
  }

  @Test
  void rejectsBadPrefixDelimiterAndToken() {
    assertNullRejected(() -> ListRequest.builder().prefix(null), "prefix");
    assertRejected(() -> ListRequest.builder().prefix("a\u0000"), "prefix");
    assertRejected(() -> ListRequest.builder().delimiter(""), "delimiter");
    assertRejected(() -> ListRequest.builder().delimiter("\n"), "delimiter");
    assertRejected(() -> ListRequest.builder().pageToken(""), "pageToken");
    assertThat(ListRequest.builder().delimiter(null).build().delimiter()).isEmpty();
  }

  private static void assertRejected(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
  }

  /** A null reference is a bug, not bad input: NPE naming the argument. */
  private static void assertNullRejected(ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name + " == null");
  }
}
