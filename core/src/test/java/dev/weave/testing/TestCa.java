package dev.weave.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made at test time (never committed): its certificate as a PEM file, and server
 * certificates it signs for the host names and addresses given, with an unencrypted PKCS#8 PEM key — the
 * shapes PostgreSQL ({@code ssl_cert_file} / {@code ssl_key_file}), Neo4j ({@code dbms.ssl.policy.bolt.*}) and
 * Elasticsearch ({@code xpack.security.http.ssl.certificate} / {@code .key}) all read. RSA 2048 keys: every
 * store and driver takes them. Shared through weave-core's test-jar; a store module that uses it
 * declares {@code bcpkix-jdk18on} in test scope itself (test dependencies of a test-jar are not passed on).
 */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final X500Name name;
    private final KeyPair keys;
    /** The CA's certificate, PEM: what a client is given to trust (sslrootcert, caCertificate). */
    private final Path certificate;

    private TestCa(X500Name name, KeyPair keys, Path certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA named {@code cn}, its certificate written to {@code dir/<cn>.pem}. */
    public static TestCa create(Path dir, String cn) {
        X500Name name = new X500Name("CN=" + cn);
        KeyPair keys = newKeys();
        try {
            X509v3CertificateBuilder b = builder(name, name, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCa(name, keys, write(dir.resolve(cn + ".pem"), pem("CERTIFICATE", sign(b, keys))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's certificate, a PEM file. */
    public Path certificate() {
        return certificate;
    }

    /**
     * A server certificate signed by this CA for {@code names} (host names; IPv4 literals such as
     * {@code 127.0.0.1} become IP address entries), and its key, readable by the owner only (PostgreSQL refuses
     * a key others can read; a server running as another user needs its own copy), under {@code dir}.
     */
    public ServerFiles issueServer(Path dir, String cn, String... names) {
        KeyPair server = newKeys();
        try {
            X509v3CertificateBuilder b = builder(name, new X500Name("CN=" + cn), server);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            GeneralName[] alternatives = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                boolean address = names[i].matches("\\d{1,3}(\\.\\d{1,3}){3}");
                alternatives[i] = new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            Path certificate = write(dir.resolve(cn + ".crt"), pem("CERTIFICATE", sign(b, keys)));
            Path key = dir.resolve(cn + ".key");
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            write(key, pem("PRIVATE KEY", server.getPrivate().getEncoded()));
            return new ServerFiles(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server's certificate and private key, PEM files. */
    public record ServerFiles(Path certificate, Path privateKey) {
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        // valid from a day back: no doubt about clocks, whatever the time zone
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                subjectKeys.getPublic());
    }

    private static byte[] sign(X509v3CertificateBuilder b, KeyPair issuer) throws CertIOException, IOException {
        try {
            return b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())).getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
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
