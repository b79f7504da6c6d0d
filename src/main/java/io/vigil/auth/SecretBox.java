package io.vigil.auth;

import io.vigil.VigilConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts secrets that Vigil must use again (a webhook's signing secret, a bot token), unlike passwords and API
 * tokens, which are only hashed. AES-256-GCM from the JDK, a fresh 96-bit nonce per value; stored as
 * {@code v1:<base64(nonce || ciphertext+tag)>}. The key is {@code vigil.secret-key} (base64 of 32 bytes), or, when not
 * set, a key generated once into {@code <data-dir>/secret.key} (mode 600).
 */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    VigilConfig config;

    private SecretKeySpec key;

    @PostConstruct
    void init() {
        key = new SecretKeySpec(loadKey(), "AES");
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Fails (IllegalStateException) when the value was sealed with another key or altered. */
    public String decrypt(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: was vigil.secret-key changed?", e);
        }
    }

    /**
     * A 256-bit key for one purpose (signing status-page session cookies, login-form tokens, ...), derived from the
     * server's key as HMAC-SHA256(key, "vigil-derived-key:" + purpose): distinct per purpose, never the AES key itself,
     * and changing {@code vigil.secret-key} changes (invalidates) everything signed with it.
     */
    public byte[] deriveKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("vigil-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key derivation failed", e);
        }
    }

    private byte[] loadKey() {
        if (config.secretKey().isPresent()) {
            return decodeKey(config.secretKey().get(), "vigil.secret-key");
        }
        Path file = Path.of(config.dataDir(), "secret.key");
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file).trim(), file.toString());
            }
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's protection has to do
            }
            LOG.infof("Generated the key for stored secrets in %s; back it up with the database, or set VIGIL_SECRET_KEY", file);
            return fresh;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + file + "; set VIGIL_SECRET_KEY", e);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must be the base64 of 32 bytes (e.g. openssl rand -base64 32)");
        }
        return bytes;
    }
}
