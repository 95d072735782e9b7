package dev.switchboard.testkit;

/**
 * Features of {@link dev.switchboard.storage.BlobStore} that an implementation may lack. A {@link
 * BlobStoreContract} subclass declares what it supports in {@link
 * BlobStoreContract#capabilities()}; tests that need a missing one are reported as skipped, with
 * the reason, rather than passed.
 */
public enum BlobCapability {
  /** {@code presign} makes URLs that a plain HTTP client can download from and upload to. */
  PRESIGN,
  /** {@code get} with a {@code ByteRange} returns only those bytes. */
  RANGE_READS,
  /** {@code PutOptions.createIfAbsent} is enforced atomically by the store. */
  CREATE_IF_ABSENT,
  /** {@code copy} is done by the store. */
  COPY,
  /** User metadata is stored and returned. */
  USER_METADATA,
  /** Content of unknown length can be uploaded (for example, in parts). */
  UNKNOWN_LENGTH_PUT,
  /** Blobs of tens of MiB are stored; the contract uses 64 MiB. */
  LARGE_OBJECTS
}
