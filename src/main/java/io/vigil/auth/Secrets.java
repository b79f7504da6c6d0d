package io.vigil.auth;

import com.password4j.Password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Password hashing (argon2id via Password4j) and random bearer secrets. Hashing is CPU-heavy: call off the event loop. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String hashPassword(String password) {
        return Password.hash(password).addRandomSalt().withArgon2().getResult();
    }

    public static boolean verifyPassword(String password, String hash) {
        return Password.check(password, hash).withArgon2();
    }

    /** A fresh secret such as {@code vgl_} followed by 43 URL-safe characters (256 bits). */
    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
