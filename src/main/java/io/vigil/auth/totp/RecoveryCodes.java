package io.vigil.auth.totp;

import io.vigil.auth.Secrets;
import org.apache.commons.codec.binary.Base32;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes: {@code xxxx-xxxx}, 40 random bits in lower-case base32 each. Only their SHA-256 is kept;
 * what a person types is normalized first (case, dashes and spaces do not matter).
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        Base32 base32 = new Base32();
        while (codes.size() < COUNT) {
            byte[] bytes = new byte[5];
            RANDOM.nextBytes(bytes);
            String s = base32.encodeToString(bytes).toLowerCase(Locale.ROOT);
            String code = s.substring(0, 4) + "-" + s.substring(4, 8);
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** The stored form of a code as typed. */
    public static byte[] hash(String typed) {
        return Secrets.sha256(typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT));
    }
}
