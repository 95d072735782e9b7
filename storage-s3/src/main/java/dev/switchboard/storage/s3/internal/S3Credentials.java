package dev.switchboard.storage.s3.internal;

import dev.switchboard.config.Secret;

/**
 * The access key id, and the secret access key and optional session token as {@link Secret}s, read
 * afresh for every signature so that rotated credentials are used at once. {@link #invalidate()}
 * makes the next read go back to the secrets' source.
 *
 * @param accessKeyId the access key id, not secret (it appears in every request)
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary credentials, or null
 */
public record S3Credentials(String accessKeyId, Secret secretAccessKey, Secret sessionToken) {
  /** The secret access key's current value. */
  public String secret() {
    return secretAccessKey.value();
  }

  /** The session token's current value, or null without one (a blank one counts as none). */
  public String token() {
    if (sessionToken == null) {
      return null;
    }
    String value = sessionToken.value();
    return value == null || value.isBlank() ? null : value;
  }

  /** Makes the next read of the secrets go to their source, as after a rejected signature. */
  public void invalidate() {
    secretAccessKey.invalidate();
    if (sessionToken != null) {
      sessionToken.invalidate();
    }
  }

  /** Names the access key id and where the secrets come from, never their values. */
  @Override
  public String toString() {
    return "S3Credentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + secretAccessKey
        + ", sessionToken="
        + (sessionToken == null ? "none" : sessionToken.toString())
        + "]";
  }
}
