package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The testkit's in-process S3 server: the bucket it holds. */
class LocalS3ServerTest {
  @Test
  void refusesABucketNameS3WouldRefuse() {
    assertThatThrownBy(() -> LocalS3Server.startWithBucket("Receipts_2026"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Receipts_2026'");
  }

  @Test
  void startsWithTheNamedBucketAndResetsToIt() {
    try (LocalS3Server s3 = LocalS3Server.startWithBucket("receipts")) {
      s3.backend().createContainer("scratch");

      s3.reset();

      assertThat(s3.bucket()).isEqualTo("receipts");
      assertThat(s3.backend().list().buckets())
          .extracting(software.amazon.awssdk.services.s3.model.Bucket::name)
          .containsExactly("receipts");
      assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }
}
