package dev.switchboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedDigestTest {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  @Test
  void everyDigestReadsBackToTheSameText() throws Exception {
    Random random = new Random(7);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 10_000; i++) {
      byte[] input = new byte[random.nextInt(64)];
      random.nextBytes(input);
      String text = URL.encodeToString(sha.digest(input));

      long[] words = PackedDigest.unpack(text);

      assertThat(words).as(text).isNotNull();
      assertThat(PackedDigest.pack(words)).isEqualTo(text);
    }
  }

  @Test
  void theWordsAreTheDigestsBytesBigEndian() {
    byte[] digest = new byte[32];
    for (int i = 0; i < 32; i++) {
      digest[i] = (byte) (i + 1);
    }

    long[] words = PackedDigest.unpack(URL.encodeToString(digest));

    assertThat(words)
        .containsExactly(
            0x0102030405060708L, 0x090a0b0c0d0e0f10L, 0x1112131415161718L, 0x191a1b1c1d1e1f20L);
  }

  @Test
  void textThatIsNotACanonicalDigestIsNotPacked() {
    String digest = URL.encodeToString(new byte[32]); // 43 'A's
    assertThat(PackedDigest.unpack(digest)).isNotNull();

    assertThat(PackedDigest.unpack("fp")).isNull();
    assertThat(PackedDigest.unpack(digest + "A")).isNull();
    assertThat(PackedDigest.unpack(digest.substring(1) + "+")).as("base64, not url").isNull();
    assertThat(PackedDigest.unpack(digest.substring(1) + "=")).isNull();
    // 'B' sets one of the two bits past the 32nd byte: it decodes to the same bytes as 'A', so it
    // would not read back as itself.
    assertThat(PackedDigest.unpack(digest.substring(0, 42) + "B")).isNull();
    assertThat(PackedDigest.unpack(digest.substring(0, 42) + "E")).isNotNull();
  }
}
