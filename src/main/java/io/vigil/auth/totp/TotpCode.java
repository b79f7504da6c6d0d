package io.vigil.auth.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * RFC 6238 codes as authenticator apps make them: HMAC-SHA1, 6 digits, 30-second steps, a 160-bit secret shown in
 * base32. Codes come from java-otp; this class only picks the steps to accept (the current one and one either side,
 * for clock drift) and says which step matched, so the caller can refuse a replay.
 */
public final class TotpCode {

    public static final Duration STEP = Duration.ofSeconds(30);
    static final String ISSUER = "Vigil";
    private static final int DIGITS = 6;
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(
            STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private TotpCode() {
    }

    /** A fresh 20-byte secret, base32 (32 characters, no padding). */
    public static String newSecret() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return new Base32().encodeToString(bytes);
    }

    /** The Key URI Format that authenticator apps scan: {@code otpauth://totp/Vigil:<account>?secret=…}. */
    public static String otpauthUri(String account, String secret) {
        String label = encode(ISSUER) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(ISSUER)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    /** Whether the text has the form of a TOTP code (anything else may be a recovery code). */
    public static boolean looksLikeCode(String text) {
        return text != null && SIX_DIGITS.matcher(text.trim()).matches();
    }

    /** The time step of {@code now}: whole 30-second periods since the epoch. */
    public static long stepOf(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of one step. */
    public static String codeAt(String secret, long step) {
        try {
            SecretKeySpec key = new SecretKeySpec(new Base32().decode(secret), GENERATOR.getAlgorithm());
            return GENERATOR.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("unusable TOTP secret", e);
        }
    }

    /**
     * The step (now ±1) whose code this is, newest first, or empty. Compared in constant time, every step computed,
     * so the answer time does not say which step matched.
     */
    public static OptionalLong matchingStep(String secret, String code, Instant now) {
        if (!looksLikeCode(code)) {
            return OptionalLong.empty();
        }
        byte[] given = code.trim().getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        long found = Long.MIN_VALUE;
        for (long step = current + 1; step >= current - 1; step--) {
            byte[] expected = codeAt(secret, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(given, expected) && found == Long.MIN_VALUE) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
