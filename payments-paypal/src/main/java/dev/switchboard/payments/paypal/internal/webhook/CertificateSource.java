package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.http.HttpExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * PayPal's signing certificates, fetched from {@code PAYPAL-CERT-URL} and trusted only after every
 * check passes:
 *
 * <ol>
 *   <li>the URL is {@code https} on port 443 of an allowed host (plain {@code http} and other ports
 *       only for loopback hosts, and only when allowed), checked before any request is made;
 *   <li>the answer is at most {@value #MAX_BYTES} bytes of PEM or DER certificates, the first being
 *       the signer's;
 *   <li>the signer's certificate is valid at the clock's time and its subject's common name is one
 *       of the accepted PayPal names;
 *   <li>the chain (the signer's certificate plus the intermediates sent with it) validates with
 *       PKIX against the trust anchors at the clock's time. Revocation is not checked: that would
 *       make every verification depend on a CRL or OCSP server.
 * </ol>
 *
 * <p>A trusted certificate is cached per URL until the first certificate of its chain expires; the
 * cache holds at most the configured number of URLs, the least recently used dropped first.
 */
final class CertificateSource {
  static final String OPERATION = "webhook-certificate";
  static final int MAX_BYTES = 64 * 1024;
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private record Trusted(X509Certificate signer, Instant expiresAt) {}

  private final WebhookSettings settings;
  private final Clock clock;
  private final okhttp3.OkHttpClient client;
  private final HttpExecutor executor;
  private final Map<String, Trusted> cache;

  CertificateSource(WebhookSettings settings, okhttp3.OkHttpClient client, HttpExecutor executor) {
    this.settings = settings;
    this.clock = settings.clock();
    this.client = client;
    this.executor = executor;
    int size = settings.certificateCacheSize();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Trusted> eldest) {
            return size() > size;
          }
        };
  }

  /**
   * The trusted signing certificate at {@code url}.
   *
   * @throws WebhookVerificationException {@code SIGNATURE_MISMATCH} when the URL is not allowed, or
   *     the certificate is absent, unreadable, not PayPal's, not valid now or not trusted
   * @throws dev.switchboard.SwitchboardException of another kind when the host could not be asked
   */
  X509Certificate signingCertificate(HttpUrl url, ErrorContext context) {
    checkAllowed(url, context);
    String key = url.toString();
    Instant now = clock.instant();
    synchronized (cache) {
      Trusted cached = cache.get(key);
      if (cached != null && now.isBefore(cached.expiresAt())) {
        return cached.signer();
      }
      cache.remove(key);
    }
    Trusted trusted = validate(download(url, context), now, context);
    synchronized (cache) {
      cache.put(key, trusted);
    }
    return trusted.signer();
  }

  private void checkAllowed(HttpUrl url, ErrorContext context) {
    String host = url.host().toLowerCase(Locale.ROOT);
    if (!settings.certificateHosts().contains(host)) {
      throw mismatch(
          "the certificate URL's host " + host + " is not an allowed PayPal host", context);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw mismatch("the certificate URL carries credentials", context);
    }
    boolean loopback = isLoopback(host);
    if (loopback && settings.plainHttpOnLoopback()) {
      return;
    }
    if (!url.isHttps() || url.port() != 443) {
      throw mismatch(
          "the certificate URL must use https on port 443"
              + (loopback ? " (plain http on loopback is not allowed)" : ""),
          context);
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  private List<X509Certificate> download(HttpUrl url, ErrorContext context) {
    Call call = client.newCall(new Request.Builder().url(url).get().build());
    byte[] bytes;
    try (Response response = executor.executeRaw(OPERATION, call)) {
      BufferedSource source = response.body().source();
      source.request(MAX_BYTES + 1L);
      if (source.getBuffer().size() > MAX_BYTES) {
        throw mismatch(
            "the certificate at the URL is larger than " + MAX_BYTES + " bytes", context);
      }
      bytes = source.getBuffer().readByteArray();
    } catch (IOException e) {
      throw new ProviderUnavailableException(
          "the signing certificate's download was cut off: " + e.getClass().getSimpleName(),
          context.toBuilder().operation(OPERATION).requestSent(true).build(),
          e);
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
    } catch (CertificateException e) {
      throw new WebhookVerificationException(
          Problem.SIGNATURE_MISMATCH, "the certificate at the URL is unreadable", context, e);
    }
    if (chain.isEmpty()) {
      throw mismatch("the certificate URL holds no certificate", context);
    }
    return chain;
  }

  private Trusted validate(List<X509Certificate> chain, Instant now, ErrorContext context) {
    X509Certificate signer = chain.get(0);
    Date at = Date.from(now);
    try {
      signer.checkValidity(at);
    } catch (CertificateExpiredException e) {
      throw mismatch(
          "the signing certificate expired at " + signer.getNotAfter().toInstant(), context);
    } catch (CertificateNotYetValidException e) {
      throw mismatch(
          "the signing certificate is not valid before " + signer.getNotBefore().toInstant(),
          context);
    }
    List<String> names = commonNames(signer.getSubjectX500Principal());
    if (names.stream().noneMatch(settings.certificateNames()::contains)) {
      throw mismatch("the signing certificate is issued to " + names + ", not to PayPal", context);
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(signer);
    for (X509Certificate next : chain.subList(1, chain.size())) {
      // A root sent along is dropped: trust comes only from the configured anchors.
      if (!next.getSubjectX500Principal().equals(next.getIssuerX500Principal())) {
        path.add(next);
      }
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(settings.trustAnchors());
      parameters.setRevocationEnabled(false);
      parameters.setDate(at);
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (CertPathValidatorException e) {
      throw new WebhookVerificationException(
          Problem.SIGNATURE_MISMATCH,
          "the signing certificate does not chain to a trusted root: " + e.getMessage(),
          context,
          e);
    } catch (GeneralSecurityException e) {
      throw new WebhookVerificationException(
          Problem.SIGNATURE_MISMATCH, "the signing certificate could not be checked", context, e);
    }
    Instant expiresAt = signer.getNotAfter().toInstant();
    for (X509Certificate certificate : path) {
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (notAfter.isBefore(expiresAt)) {
        expiresAt = notAfter;
      }
    }
    return new Trusted(signer, expiresAt);
  }

  private static List<String> commonNames(X500Principal subject) {
    List<String> names = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
        }
      }
    } catch (InvalidNameException e) {
      // The JDK's own RFC 2253 output always parses; no name then means no match.
      return List.of();
    }
    return names;
  }

  private static WebhookVerificationException mismatch(String reason, ErrorContext context) {
    return new WebhookVerificationException(Problem.SIGNATURE_MISMATCH, reason, context);
  }
}
