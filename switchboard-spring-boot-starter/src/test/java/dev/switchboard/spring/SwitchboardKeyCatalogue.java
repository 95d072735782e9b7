package dev.switchboard.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code switchboard.*} keys that {@code META-INF/spring-configuration-metadata.json} describes
 * to IDEs: the one place that list is kept, by hand from README.md's tables, until core keeps a
 * catalogue of its keys. {@link ConfigurationMetadataTest} fails when the shipped file differs from
 * what this class produces, and rewrites it when run with {@code
 * -Dswitchboard.metadata.write=true}.
 *
 * <p>Providers have names of the application's choosing; their keys are listed under each vendor's
 * factory name ({@code switchboard.payments.stripe.*}, ...), the names a provider has unless {@code
 * type} says otherwise.
 */
final class SwitchboardKeyCatalogue {
  static final String LIST = "java.util.List<java.lang.String>";
  static final String STRING = "java.lang.String";
  static final String INT = "java.lang.Integer";
  static final String LONG = "java.lang.Long";
  static final String BOOL = "java.lang.Boolean";
  static final String DURATION = "java.time.Duration";

  /** One key: its full name, Java type for the IDE, default (or null) and description. */
  record Key(String name, String type, Object defaultValue, String description) {}

  /** Suggested values for a key. */
  record Hint(String name, List<String> values) {}

  private final List<Key> keys = new ArrayList<>();

  private SwitchboardKeyCatalogue() {}

  static List<Key> keys() {
    SwitchboardKeyCatalogue c = new SwitchboardKeyCatalogue();
    c.ports();
    c.provider("payments", "stripe");
    c.stripe();
    c.provider("payments", "paypal");
    c.paypal();
    c.provider("email", "sendgrid");
    c.sendgrid();
    c.provider("email", "mailgun");
    c.mailgun();
    c.provider("storage", "s3");
    c.s3();
    c.state();
    c.deferred();
    c.webhooks();
    return List.copyOf(c.keys);
  }

  static List<Hint> hints() {
    return List.of(
        new Hint("switchboard.payments.providers", List.of("stripe", "paypal", "fake")),
        new Hint("switchboard.email.providers", List.of("sendgrid", "mailgun", "fake")),
        new Hint("switchboard.storage.providers", List.of("s3", "fake")),
        new Hint(
            "switchboard.webhooks.providers", List.of("stripe", "paypal", "sendgrid", "mailgun")),
        new Hint("switchboard.email.strategy", List.of("priority", "round-robin", "weighted")),
        new Hint("switchboard.state.store", List.of("memory", "jdbc", "redis")),
        new Hint("switchboard.payments.paypal.environment", List.of("sandbox", "live")),
        new Hint("switchboard.email.mailgun.region", List.of("us", "eu")),
        new Hint("switchboard.storage.s3.payload-checksum", List.of("auto", "crc32c", "sha256")));
  }

  static Map<String, String> groups() {
    Map<String, String> groups = new LinkedHashMap<>();
    groups.put("switchboard.payments", "The payments port and its providers.");
    groups.put("switchboard.email", "The email port and its providers.");
    groups.put("switchboard.storage", "The storage port and its providers.");
    groups.put("switchboard.state", "Where the key ledger, replay guards and shared state live.");
    groups.put(
        "switchboard.deferred", "Deferred calls: a durable queue that finishes a call later.");
    groups.put("switchboard.webhooks", "The webhook verifiers and receiver.");
    return groups;
  }

  private void key(String name, String type, Object defaultValue, String description) {
    keys.add(new Key(name, type, defaultValue, description));
  }

  private void ports() {
    for (String port : List.of("payments", "email", "storage")) {
      key(
          "switchboard." + port + ".providers",
          LIST,
          null,
          "The " + port + " providers in priority order; each name is a factory's or has a type.");
    }
    key(
        "switchboard.payments.failover-decline-codes",
        LIST,
        null,
        "FailureCodes after which a charge may go to the next provider.");
    key("switchboard.email.strategy", STRING, "priority", "priority, round-robin or weighted.");
    key(
        "switchboard.email.unknown-outcome-failover",
        BOOL,
        false,
        "Whether an ambiguous send may go to the next provider.");
    key(
        "switchboard.storage.write-failover",
        BOOL,
        false,
        "Whether a failed write may go to the next store.");
  }

  /** The keys every provider reads: its factory and its resilience policy. */
  private void provider(String port, String name) {
    String p = "switchboard." + port + "." + name + ".";
    key(p + "type", STRING, name, "The factory that builds this provider.");
    key(p + "retry.max-attempts", INT, 3, "Attempts in total, the first included.");
    key(p + "retry.base-delay", DURATION, "500ms", "Back-off base (full jitter).");
    key(p + "retry.max-delay", DURATION, "5s", "Back-off cap.");
    key(p + "retry.max-retry-after", DURATION, "30s", "A longer Retry-After is not waited for.");
    key(p + "retry-budget.capacity", INT, 100, "The retry budget's tokens.");
    key(p + "retry-budget.retry-cost", INT, 5, "Tokens a retry costs.");
    key(
        p + "retry-budget.outcome-unknown-retry-cost",
        INT,
        10,
        "Tokens a retry after an unknown outcome costs.");
    key(p + "breaker.enabled", BOOL, true, "Whether the circuit breaker is on.");
    key(
        p + "breaker.failure-rate-threshold",
        INT,
        50,
        "Percent of the window that must fail to open the breaker.");
    key(p + "breaker.sliding-window-size", INT, 20, "Attempts in the breaker's window.");
    key(p + "breaker.minimum-calls", INT, 10, "Attempts before the breaker may open.");
    key(p + "breaker.wait-in-open", DURATION, "30s", "How long the breaker stays open.");
    key(p + "breaker.half-open-calls", INT, 3, "Trial calls while half-open.");
    key(p + "breaker.half-open-trial", STRING, "probe", "probe or call: what the trial is.");
    key(p + "rate-limit.limit-for-period", INT, 0, "Client-side calls per period; 0 is off.");
    key(p + "rate-limit.period", DURATION, "1s", "The client-side limit's period.");
    key(p + "rate-limit.max-wait", DURATION, "0", "How long a call waits for the limit.");
    key(p + "rate-limit.hold.base", DURATION, "1s", "Hold after a vendor rate limit.");
    key(p + "rate-limit.hold.max", DURATION, "30s", "Longest hold; 0 turns holds off.");
    key(
        p + "rate-limit.shared",
        BOOL,
        false,
        "One client-side budget for every instance sharing the state store.");
    key(p + "quota.reserve", LONG, 0, "Slow down when the vendor's quota reaches this.");
    key(p + "quota.max-wait", DURATION, "1s", "The longest such slow-down.");
    key(p + "bulkhead.max-concurrent-calls", INT, 64, "Concurrent calls to this provider.");
    key(p + "bulkhead.max-wait", DURATION, "50ms", "How long a call waits for a slot.");
    key(
        p + "timeout.call",
        DURATION,
        port.equals("storage") ? "0" : "30s",
        "One attempt's limit; 0 is off.");
    if (port.equals("email")) {
      key(p + "weight", INT, 1, "The provider's weight for the weighted strategy.");
    }
  }

  private void timeouts(String p, boolean write, String call) {
    key(p + "connect-timeout", DURATION, "5s", "TCP connect timeout.");
    key(p + "read-timeout", DURATION, "30s", "Read idle timeout.");
    if (write) {
      key(p + "write-timeout", DURATION, "30s", "Write idle timeout.");
    }
    key(p + "call-timeout", DURATION, call, "Whole-call timeout; 0 is none.");
  }

  private void stripe() {
    String p = "switchboard.payments.stripe.";
    key(p + "api-key", STRING, null, "The secret key, a secret reference such as ${env:NAME}.");
    key(p + "base-url", STRING, "https://api.stripe.com", "Stripe's API, or a local stand-in.");
    key(p + "api-version", STRING, "2026-02-25.clover", "Sent as Stripe-Version.");
    key(p + "return-url", STRING, null, "Where 3-D Secure returns.");
    timeouts(p, false, "60s");
  }

  private void paypal() {
    String p = "switchboard.payments.paypal.";
    key(p + "client-id", STRING, null, "The REST app's client id.");
    key(p + "client-secret", STRING, null, "The REST app's secret, a secret reference.");
    key(p + "environment", STRING, "sandbox", "sandbox or live.");
    key(p + "base-url", STRING, null, "Overrides the environment's URL.");
    timeouts(p, false, "60s");
  }

  private void sendgrid() {
    String p = "switchboard.email.sendgrid.";
    key(p + "api-key", STRING, null, "A secret reference.");
    key(p + "base-url", STRING, "https://api.sendgrid.com", "SendGrid's API.");
    key(p + "sandbox", BOOL, false, "Validate and send nothing (sandbox mode).");
    timeouts(p, false, "60s");
  }

  private void mailgun() {
    String p = "switchboard.email.mailgun.";
    key(p + "api-key", STRING, null, "A secret reference.");
    key(p + "domain", STRING, null, "The sending domain as Mailgun knows it.");
    key(p + "region", STRING, "us", "us or eu.");
    key(p + "base-url", STRING, null, "Overrides the region's URL.");
    key(p + "max-schedule-ahead", DURATION, "3d", "How far ahead sendAt may be.");
    key(p + "unavailable-means-not-processed", BOOL, false, "Treat a 503 as certainly not sent.");
    timeouts(p, true, "60s");
  }

  private void s3() {
    String p = "switchboard.storage.s3.";
    key(p + "bucket", STRING, null, "The bucket.");
    key(p + "region", STRING, "us-east-1", "The signing region.");
    key(p + "endpoint", STRING, null, "A custom endpoint (MinIO, R2, a local server).");
    key(p + "path-style", BOOL, null, "Path-style addressing; true with endpoint.");
    key(p + "access-key-id", STRING, null, "The access key id (not a secret).");
    key(p + "secret-access-key", STRING, null, "A secret reference.");
    key(p + "session-token", STRING, null, "A secret reference, for temporary credentials.");
    key(p + "multipart.threshold", LONG, 16777216, "Bytes above which uploads go in parts.");
    key(p + "multipart.part-size", LONG, 8388608, "Bytes per part.");
    key(p + "multipart.concurrency", INT, 4, "Parts uploaded at once.");
    key(p + "multipart.memory-budget", LONG, null, "Heap bytes one upload's buffers may hold.");
    key(p + "multipart.part-attempts", INT, 3, "Sends of one part before the upload aborts.");
    key(p + "payload-checksum", STRING, "auto", "auto, crc32c or sha256.");
    key(p + "presign.max-expiry", DURATION, "7d", "The longest presigned URL.");
    timeouts(p, true, "0");
  }

  private void state() {
    String p = "switchboard.state.";
    key(p + "store", STRING, "memory", "memory, jdbc or redis.");
    key(p + "jdbc.url", STRING, null, "The state database's JDBC URL.");
    key(p + "jdbc.username", STRING, null, "Its user.");
    key(p + "jdbc.password", STRING, null, "Its password, a secret reference.");
    key(p + "jdbc.pool-size", INT, 10, "The pool's size.");
    key(p + "jdbc.connection-timeout", DURATION, "5s", "The pool's connection timeout.");
    key(p + "redis.url", STRING, null, "A secret reference, or a plain redis:// URL on loopback.");
    key(p + "redis.key-prefix", STRING, "switchboard:", "Prefix of every key.");
    key(p + "redis.timeout", DURATION, "2s", "Command timeout.");
    key(p + "redis.cluster", BOOL, false, "Whether the URL is a Redis Cluster.");
    key(p + "ledger.retention", DURATION, "7d", "How long a ledger record is kept.");
    key(p + "replay.retention", DURATION, "7d", "How long a completed webhook id is remembered.");
    key(p + "email-fail-closed", BOOL, false, "Refuse email while the store is down.");
    key(
        p + "ledger.settle-in-background",
        BOOL,
        false,
        "Write a call's outcome on a background thread.");
  }

  private void deferred() {
    String p = "switchboard.deferred.";
    key(p + "enabled", BOOL, true, "Whether switchboard.deferred() may open the queue.");
    key(p + "jdbc.url", STRING, null, "The queue's database.");
    key(p + "jdbc.username", STRING, null, "Its user.");
    key(p + "jdbc.password", STRING, null, "Its password, a secret reference.");
    key(p + "workers", BOOL, true, "Whether this instance runs deferred calls.");
    key(p + "threads", INT, 4, "Worker threads.");
    key(p + "polling-interval", DURATION, "5s", "How often idle workers look for due calls.");
  }

  private void webhooks() {
    String p = "switchboard.webhooks.";
    key(p + "providers", LIST, null, "The providers the receiver serves, one path each.");
    key(p + "path-prefix", STRING, "/webhooks", "The path before the provider's name.");
    key(p + "max-body-bytes", LONG, 1048576, "A larger body is answered 413.");
    key(p + "jdbc.url", STRING, null, "The inbox's database.");
    key(p + "jdbc.username", STRING, null, "Its user.");
    key(p + "jdbc.password", STRING, null, "Its password, a secret reference.");
    key(p + "jdbc.pool-size", INT, 10, "The pool's size.");
    key(p + "workers", BOOL, true, "Whether this instance runs handlers.");
    key(p + "threads", INT, 4, "Handler threads.");
    key(p + "polling-interval", DURATION, "5s", "How often idle workers look for due events.");
    key(p + "heartbeat-interval", DURATION, "10s", "Worker heartbeat.");
    key(p + "deadline", DURATION, "24h", "After it, a failing event is DEAD.");
    key(p + "backoff-base", DURATION, "1s", "Back-off base between handler attempts.");
    key(p + "backoff-cap", DURATION, "10m", "Back-off cap.");
    key(p + "retention", DURATION, "7d", "How long an ended event is kept for replay.");
    key(p + "ordered-by-subject", BOOL, false, "Handle one subject's events in order.");
    key(p + "stripe.secret", STRING, null, "The endpoint secret, a secret reference.");
    key(p + "stripe.previous-secret", STRING, null, "A second endpoint secret during a roll.");
    key(p + "stripe.replay-guard", BOOL, false, "Refuse an event id seen before.");
    key(p + "stripe.tolerance", DURATION, "300s", "How far the signed time may be from now.");
    key(p + "sendgrid.public-key", STRING, null, "The Event Webhook's verification key.");
    key(p + "mailgun.secret", STRING, null, "The HTTP webhook signing key, a secret reference.");
    key(p + "paypal.webhook-id", STRING, null, "The webhook's id in the PayPal app.");
    key(p + "paypal.mode", STRING, "api", "api or offline.");
    key(p + "paypal.client-id", STRING, null, "The REST app's client id.");
    key(p + "paypal.client-secret", STRING, null, "The REST app's secret, a secret reference.");
    key(p + "paypal.environment", STRING, "sandbox", "sandbox or live.");
  }
}
