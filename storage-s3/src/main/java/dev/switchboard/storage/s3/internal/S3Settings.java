package dev.switchboard.storage.s3.internal;

import dev.switchboard.http.HttpSettings;
import java.time.Duration;

/**
 * Everything the internal graph needs, checked by the public builder before it gets here.
 *
 * @param provider the provider's name in errors and logs
 * @param bucket the bucket
 * @param region the signing region
 * @param endpoint the service's base URL: {@code https://s3.<region>.amazonaws.com} for AWS, or a
 *     custom endpoint
 * @param pathStyle whether the bucket goes in the path ({@code /bucket/key}) rather than the host
 * @param credentials the credentials to sign with
 * @param multipartThreshold content longer than this (or of unknown length) goes up in parts
 * @param partSize the size of each part but the last
 * @param concurrency how many parts are uploaded at once
 * @param memoryBudget the most heap, in bytes, the part buffers of one upload from a stream may
 *     hold: at most {@code memoryBudget / partSize} parts of a stream are in flight
 * @param partAttempts how many times one part is sent before the upload gives up
 * @param crc32cPayload whether a put in one request is sent as {@code UNSIGNED-PAYLOAD} with a
 *     signed {@code x-amz-checksum-crc32c}, rather than with its signed SHA-256
 * @param presignMaxExpiry the longest expiry a presigned URL may have
 * @param http the timeouts (the whole-call one zero for none) and the signing clock
 */
public record S3Settings(
    String provider,
    String bucket,
    String region,
    String endpoint,
    boolean pathStyle,
    S3Credentials credentials,
    long multipartThreshold,
    int partSize,
    int concurrency,
    long memoryBudget,
    int partAttempts,
    boolean crc32cPayload,
    Duration presignMaxExpiry,
    HttpSettings http) {}
