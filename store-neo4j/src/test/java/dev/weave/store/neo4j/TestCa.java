package dev.weave.store.neo4j;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made at test time (never committed): its certificate as a PEM file, and server
 * keys and certificates it signs for {@code localhost} and {@code 127.0.0.1}, as Neo4j's SSL policy wants
 * them (PKCS#8 PEM key, PEM certificate).
 */
final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final X500Name name;
    private final KeyPair keys;
    final Path certificateFile;

    private TestCa(X500Name name, KeyPair keys, Path certificateFile) {
        this.name = name;
        this.keys = keys;
        this.certificateFile = certificateFile;
    }

    /** A new CA named {@code cn}, its certificate written to {@code dir/<cn>.pem}. */
    static TestCa create(Path dir, String cn) {
        X500Name name = new X500Name("CN=" + cn);
        KeyPair keys = rsa();
        X509v3CertificateBuilder b = builder(name, name, keys.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509CertificateHolder cert = b.build(signer(keys));
            return new TestCa(name, keys, write(dir.resolve(cn + ".pem"), pem("CERTIFICATE", cert.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server key and certificate signed by this CA for localhost and 127.0.0.1, written under {@code dir}. */
    ServerFiles issueServer(Path dir, String cn) {
        KeyPair server = rsa();
        X509v3CertificateBuilder b = builder(name, new X500Name("CN=" + cn), server.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509CertificateHolder cert = b.build(signer(keys));
            Path key = write(dir.resolve(cn + ".key"), pem("PRIVATE KEY", server.getPrivate().getEncoded()));
            return new ServerFiles(key, write(dir.resolve(cn + ".crt"), pem("CERTIFICATE", cert.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record ServerFiles(Path privateKey, Path certificate) {
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        // a day back: the server's and the driver's clocks are the same machine's, but leave no doubt
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, key);
    }

    private static ContentSigner signer(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
