package dev.switchboard.storage;

/** What a presigned URL lets its holder do: download ({@link #GET}) or upload ({@link #PUT}). */
public enum HttpMethod {
  /** Read the blob's content. */
  GET,
  /** Write the blob's content, replacing any blob under the key. */
  PUT
}
