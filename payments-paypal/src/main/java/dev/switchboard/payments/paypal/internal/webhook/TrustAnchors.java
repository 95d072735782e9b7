package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.InvalidRequestException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The roots a signing certificate must chain to in offline mode, read once when a verifier is
 * built.
 */
public final class TrustAnchors {
  private TrustAnchors() {}

  /**
   * The trusted certificates of a loaded key store.
   *
   * @throws InvalidRequestException naming {@code trust-store} when it is not loaded or holds none
   */
  public static Set<TrustAnchor> of(KeyStore store) {
    Set<TrustAnchor> anchors = new HashSet<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        Certificate certificate = store.getCertificate(alias);
        if (store.isCertificateEntry(alias) && certificate instanceof X509Certificate x509) {
          anchors.add(new TrustAnchor(x509, null));
        }
      }
    } catch (KeyStoreException e) {
      throw InvalidRequestException.invalidField(
          "trust-store", "trust-store is not loaded: " + e.getMessage());
    }
    if (anchors.isEmpty()) {
      throw InvalidRequestException.invalidField(
          "trust-store", "trust-store holds no trusted certificate");
    }
    return anchors;
  }

  /**
   * The roots of the JDK's default trust store ({@code cacerts}).
   *
   * @throws InvalidRequestException naming {@code trust-store} when it cannot be read or is empty
   */
  public static Set<TrustAnchor> jdkDefault() {
    Set<TrustAnchor> anchors = new HashSet<>();
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate issuer : x509.getAcceptedIssuers()) {
            anchors.add(new TrustAnchor(issuer, null));
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw InvalidRequestException.invalidField(
          "trust-store", "the JDK's default trust store could not be read: " + e.getMessage());
    }
    if (anchors.isEmpty()) {
      throw InvalidRequestException.invalidField(
          "trust-store", "the JDK's default trust store holds no certificate");
    }
    return anchors;
  }
}
