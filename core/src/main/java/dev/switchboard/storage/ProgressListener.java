package dev.switchboard.storage;

import java.util.OptionalLong;

/**
 * Hears how far an upload has got, so that an app can show progress or log a slow transfer.
 *
 * <p>Called on the uploading thread, as bytes are sent, with a growing count; the last call reports
 * every byte of the content, even for an empty one. Keep it quick: it runs inside the transfer.
 *
 * <pre>{@code
 * PutOptions.builder()
 *     .progressListener((sent, total) -> log.debug("{} of {} bytes", sent, total))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * @param bytesTransferred how many bytes of the content have been sent so far
   * @param totalBytes the content's length when it is known in advance
   */
  void onProgress(long bytesTransferred, OptionalLong totalBytes);

  /** A listener that ignores every report; the default of {@link PutOptions}. */
  static ProgressListener none() {
    return (bytesTransferred, totalBytes) -> {};
  }
}
