package io.vigil.statuspage.subscribe;

import io.vigil.auth.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * The links in subscribers' messages, and the key that finds a subscriber again. All are HMACs under a key derived
 * from the server's secret, so nothing is stored to check them: a confirmation link names the subscription and its
 * expiry; an unsubscribe link names the subscription and never expires (mail clients keep it for years).
 */
@ApplicationScoped
public class SubscriberTokens {

    /** How long a confirmation link works; a subscription still unconfirmed then is deleted. */
    public static final Duration CONFIRM_WITHIN = Duration.ofDays(7);

    private final SecretKeySpec key;

    @Inject
    SubscriberTokens(SecretBox box) {
        key = new SecretKeySpec(box.deriveKey("status-page-subscribers"), "HmacSHA256");
    }

    /** The token of the confirmation link sent at {@code now}. */
    public String confirm(UUID subscription, Instant now) {
        long expiry = now.plus(CONFIRM_WITHIN).getEpochSecond();
        return expiry + "." + mac("confirm|" + subscription + "|" + expiry);
    }

    public boolean validConfirm(UUID subscription, String token, Instant now) {
        if (token == null || token.indexOf('.') <= 0) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, token.indexOf('.')));
        } catch (NumberFormatException e) {
            return false;
        }
        return now.getEpochSecond() < expiry
                && same(token.substring(token.indexOf('.') + 1), mac("confirm|" + subscription + "|" + expiry));
    }

    public String unsubscribe(UUID subscription) {
        return mac("unsubscribe|" + subscription);
    }

    public boolean validUnsubscribe(UUID subscription, String token) {
        return token != null && same(token, unsubscribe(subscription));
    }

    /** Identifies an address on a page (an e-mail address case-insensitively, a URL as normalized) without storing it. */
    public String subscriberKey(UUID page, String kind, String address) {
        String normalized = "email".equals(kind) ? address.trim().toLowerCase(Locale.ROOT) : address.trim();
        return mac("subscriber|" + page + "|" + kind + "|" + normalized);
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
