package io.vigil.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** A throwaway CA and leaf certificates it signs, for TLS tests (BouncyCastle, test scope only). */
public final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final KeyPair caKeys;
    final X509Certificate ca;

    public TestCerts() throws Exception {
        caKeys = keyPair();
        X500Name name = new X500Name("CN=Vigil Test CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = sign(b, caKeys);
    }

    /** Server key/cert for {@code dnsName}, signed by this CA, valid between the given instants. */
    public PemKeyCertOptions leaf(String dnsName, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Vigil Test CA"), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + dnsName), keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        X509Certificate cert = sign(b, caKeys);
        return new PemKeyCertOptions()
                .setKeyValue(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))
                .setCertValue(pem("CERTIFICATE", cert.getEncoded()).appendBuffer(pem("CERTIFICATE", ca.getEncoded())));
    }

    public PemKeyCertOptions validLeaf(String dnsName) throws Exception {
        Instant now = Instant.now();
        return leaf(dnsName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)).plus(Duration.ofHours(1)));
    }

    public PemTrustOptions trust() throws Exception {
        return new PemTrustOptions().addCertValue(pem("CERTIFICATE", ca.getEncoded()));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Buffer pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Buffer.buffer("-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n");
    }
}
