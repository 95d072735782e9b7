package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Public, with public records: the reader only takes records whose constructor it can see. */
public class RecordReaderTest {
  public enum Status {
    succeeded,
    failed
  }

  public record Inner(String id, @Json(name = "amount_captured") Long amountCaptured) {}

  public record Outer(
      String id,
      long amount,
      int count,
      boolean live,
      @Json(name = "capture_method") String captureMethod,
      Status status,
      List<String> tags,
      Map<String, String> metadata,
      Inner inner,
      List<Inner> items) {}

  public record Timed(String id, @SwitchboardMoshi.EpochSeconds Instant created) {}

  public record Pair<A>(A first, A second) {}

  public record Clash(String a, @Json(name = "a") String b) {}

  private static final String OUTER =
      """
      {"id":"pi_1","unknown":{"nested":[1,2,{"x":null}]},"amount":2500,"count":3,"live":true,
       "capture_method":"automatic","status":"succeeded","tags":["a","b"],
       "metadata":{"order":"42","empty":""},"inner":{"id":"ch_1","amount_captured":2500,"z":1},
       "items":[{"id":"i1"},{"id":"i2","amount_captured":null}],"trailing":"ignored"}
      """;

  private final Moshi ours = SwitchboardMoshi.create();
  private final Moshi moshis = new Moshi.Builder().build();

  @Test
  void readsARecordExactlyAsMoshisOwnAdapterDoes() throws Exception {
    JsonAdapter<Outer> adapter = ours.adapter(Outer.class);

    assertThat(adapter.toString()).contains("RecordReader(Outer)");
    Outer read = adapter.fromJson(OUTER);
    assertThat(read).isEqualTo(moshis.adapter(Outer.class).fromJson(OUTER));
    assertThat(read.inner()).isEqualTo(new Inner("ch_1", 2500L));
    assertThat(read.items()).containsExactly(new Inner("i1", null), new Inner("i2", null));
    assertThat(adapter.fromJson("null")).isNull();
  }

  @Test
  void writesAsMoshiDoes() {
    Outer value =
        new Outer(
            "pi_1",
            1,
            2,
            false,
            "manual",
            Status.failed,
            List.of("x"),
            Map.of("k", "v"),
            new Inner("ch", null),
            List.of());

    assertThat(ours.adapter(Outer.class).toJson(value))
        .isEqualTo(moshis.adapter(Outer.class).toJson(value));
  }

  /** Reads {@code json} both ways: the same exception type and message, which is returned. */
  private String sameErrorAsMoshis(String json) {
    Throwable moshisError =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> moshis.adapter(Outer.class).fromJson(json));
    assertThat(moshisError).isInstanceOf(JsonDataException.class);
    assertThatThrownBy(() -> ours.adapter(Outer.class).fromJson(json))
        .isInstanceOf(moshisError.getClass())
        .hasMessage(moshisError.getMessage());
    return moshisError.getMessage();
  }

  @Test
  void aMissingPrimitiveIsTheErrorMoshiGives() {
    assertThat(sameErrorAsMoshis("{\"id\":\"pi_1\",\"amount\":1,\"live\":true}"))
        .contains("'count'");
  }

  @Test
  void aWrongTypeIsTheErrorMoshiGives() {
    assertThat(sameErrorAsMoshis("{\"id\":\"pi_1\",\"amount\":\"lots\",\"count\":1,\"live\":true}"))
        .contains("amount");
  }

  @Test
  void keepsQualifiersOnComponents() throws Exception {
    JsonAdapter<Timed> adapter = ours.adapter(Timed.class);

    assertThat(adapter.toString()).contains("RecordReader");
    assertThat(adapter.fromJson("{\"id\":\"e\",\"created\":1700000000}"))
        .isEqualTo(new Timed("e", Instant.ofEpochSecond(1_700_000_000)));
  }

  @Test
  void leavesGenericRecordsAndConflictingNamesToMoshi() throws Exception {
    JsonAdapter<Pair<String>> pair =
        ours.adapter(
            Types.newParameterizedTypeWithOwner(RecordReaderTest.class, Pair.class, String.class));

    assertThat(pair.toString()).doesNotContain("RecordReader");
    assertThat(pair.fromJson("{\"first\":\"a\",\"second\":\"b\"}")).isEqualTo(new Pair<>("a", "b"));
    assertThatThrownBy(() -> ours.adapter(Clash.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Conflicting components");
  }
}
