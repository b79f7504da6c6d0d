package io.vigil.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The hidden CSRF field of the server-rendered forms (status page login, logout and subscribe, invitations):
 * {@code <expiry>.<HMAC-SHA256(binding|expiry)>}, where the binding names the form and what it acts on. The same value
 * for every visitor within an hour (the form stays cacheable), valid at least {@code validity}. Forms check the
 * {@code Origin} too (PageForms#crossSite in the status pages).
 */
public final class FormTokens {

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration validity;

    public FormTokens(byte[] key, Clock clock, Duration validity) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
        this.validity = validity;
    }

    public String issue(String binding) {
        long hour = clock.instant().getEpochSecond() / 3600 + 1;
        long expiry = hour * 3600 + validity.toSeconds();
        return signed(binding, expiry);
    }

    public boolean valid(String binding, String token) {
        return verify(binding, token, clock.instant().getEpochSecond() + validity.toSeconds() + 3600);
    }

    /** {@code <expiry>.<HMAC(binding|expiry)>}: a value that {@link #verify} accepts until {@code expiry}. */
    public String signed(String binding, long expiry) {
        return expiry + "." + sign(binding + "|" + expiry);
    }

    /** A value {@link #signed} for this binding, not expired, expiring no later than {@code latestExpiry}. */
    public boolean verify(String binding, String token, long latestExpiry) {
        long expiry = expiry(token);
        if (expiry <= clock.instant().getEpochSecond() || expiry > latestExpiry) {
            return false;
        }
        return MessageDigest.isEqual(token.substring(token.indexOf('.') + 1).getBytes(StandardCharsets.UTF_8),
                sign(binding + "|" + expiry).getBytes(StandardCharsets.UTF_8));
    }

    private static long expiry(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || dot > 12) {
            return 0;
        }
        try {
            return Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
