package dev.switchboard.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadChecksumTest {
  @Test
  void autoChoosesCrc32cOverHttpsOnlyAndTheOthersAlwaysDoWhatTheySay() {
    assertThat(PayloadChecksum.AUTO.crc32c("https://s3.eu-west-1.amazonaws.com")).isTrue();
    assertThat(PayloadChecksum.AUTO.crc32c("HTTPS://minio.internal:9000/")).isTrue();
    assertThat(PayloadChecksum.AUTO.crc32c("http://127.0.0.1:9000/")).isFalse();
    assertThat(PayloadChecksum.SHA256.crc32c("https://s3.eu-west-1.amazonaws.com")).isFalse();
    assertThat(PayloadChecksum.CRC32C.crc32c("http://127.0.0.1:9000/")).isTrue();
  }

  @Test
  void configurationNamesAreReadWhateverTheirCase() {
    assertThat(PayloadChecksum.parse("auto")).isEqualTo(PayloadChecksum.AUTO);
    assertThat(PayloadChecksum.parse(" SHA256 ")).isEqualTo(PayloadChecksum.SHA256);
    assertThat(PayloadChecksum.parse("sha-256")).isEqualTo(PayloadChecksum.SHA256);
    assertThat(PayloadChecksum.parse("Crc32c")).isEqualTo(PayloadChecksum.CRC32C);
    assertThat(PayloadChecksum.parse("md5")).isNull();
    assertThat(PayloadChecksum.parse("")).isNull();
  }
}
