package io.vigil.statuspage;

import io.vigil.api.FormTokens;
import io.vigil.auth.SecretBox;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Who may see a page's content. A public page: everyone. A page with {@code "public": false}: only a visitor holding
 * the page's session cookie, issued after the right password (see {@link StatusPageLogin}); everyone else learns
 * nothing about it beyond its title (no component names, no incidents, no badges).
 *
 * <p>The session cookie ({@link #cookieName}) is {@code <expiry epoch seconds>.<HMAC-SHA256>} over the page id, the
 * page's current password hash and the expiry, keyed by a key derived from the server's secret key: nothing is stored
 * server-side, a cookie is good for one page only, for {@link #SESSION} at most, and changing the page's password (a
 * new salted hash) invalidates every cookie issued before.
 *
 * <p>The login form ({@code POST /status/{slug}/login}, {@code application/x-www-form-urlencoded}) carries
 * {@value #PASSWORD_FIELD} and the hidden field {@value #CSRF_FIELD} with {@link #loginFormToken(StatusSnapshot)}; the
 * logout form ({@code POST /status/{slug}/logout}, shown only to visitors already let in) carries {@value #CSRF_FIELD}
 * with {@link #logoutFormToken(StatusSnapshot)}: the same kind of token, signed for another purpose, so the login
 * form's token (which every visitor can read) does not log anyone out.
 *
 * <p>Logging out expires the cookie in the browser ({@link #expiredSessionCookie}); nothing is stored server-side, so
 * a copy of the cookie value taken before stays valid until its expiry or the next password change.
 */
@ApplicationScoped
public class PageAccess {

    /** Name of the password field of the login form. */
    public static final String PASSWORD_FIELD = "password";
    /** Name of the hidden field carrying {@link #loginFormToken(StatusSnapshot)}. */
    public static final String CSRF_FIELD = "csrf";
    /** Query parameter the login sets on its redirect after a wrong password ({@code ?error=1}). */
    public static final String ERROR_PARAM = "error";
    /** How long a login lasts. */
    public static final Duration SESSION = Duration.ofHours(12);
    /** A rendered login form stays usable at least this long (tokens are minted per hour, valid 24 to 25 hours). */
    static final Duration FORM_VALIDITY = Duration.ofHours(24);

    private static final String COOKIE_PREFIX = "vigil_sp_";
    /** IMF-fixdate ({@code Thu, 01 Jan 1970 00:00:00 GMT}); RFC_1123_DATE_TIME would drop the day's leading zero. */
    private static final DateTimeFormatter COOKIE_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    SecretBox secretBox;
    @Inject
    Clock clock;

    private FormTokens sessions;
    private FormTokens forms;

    @PostConstruct
    void init() {
        sessions = new FormTokens(secretBox.deriveKey("status-page-session"), clock, SESSION);
        forms = new FormTokens(secretBox.deriveKey("status-page-login-form"), clock, FORM_VALIDITY);
    }

    /** Whether this request may see the page's content: a public page, or a valid session cookie of this page. */
    public boolean allowed(StatusSnapshot snapshot, HttpHeaders headers) {
        StatusSnapshot.PageInfo page = snapshot.page();
        if (page.isPublic()) {
            return true;
        }
        if (page.passwordHash() == null || headers == null) {
            return false;
        }
        List<String> cookieHeaders = headers.getRequestHeader(HttpHeaders.COOKIE);
        if (cookieHeaders == null) {
            return false;
        }
        String name = cookieName(page);
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name) && validSession(page, unquote(pair.substring(eq + 1).trim()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The hidden {@value #CSRF_FIELD} field's value for the login form of this page. The same for every visitor
     * within an hour (the form stays cacheable), bound to the page, valid at least {@link #FORM_VALIDITY}.
     */
    public String loginFormToken(StatusSnapshot snapshot) {
        return formToken("login-form", snapshot);
    }

    /** Whether a submitted {@value #CSRF_FIELD} value is a current token of this page's login form. */
    public boolean validLoginFormToken(StatusSnapshot snapshot, String token) {
        return validFormToken("login-form", snapshot, token);
    }

    /** The hidden {@value #CSRF_FIELD} field's value for the logout form of this page; like {@link #loginFormToken}. */
    public String logoutFormToken(StatusSnapshot snapshot) {
        return formToken("logout-form", snapshot);
    }

    /** Whether a submitted {@value #CSRF_FIELD} value is a current token of this page's logout form. */
    public boolean validLogoutFormToken(StatusSnapshot snapshot, String token) {
        return validFormToken("logout-form", snapshot, token);
    }

    private String formToken(String form, StatusSnapshot snapshot) {
        return forms.issue(form + "|" + snapshot.page().id());
    }

    private boolean validFormToken(String form, StatusSnapshot snapshot, String token) {
        return forms.valid(form + "|" + snapshot.page().id(), token);
    }
    /** The session cookie's name for a page: {@code vigil_sp_} and the first 12 hex digits of its id. */
    public static String cookieName(StatusSnapshot.PageInfo page) {
        return COOKIE_PREFIX + page.id().toString().replace("-", "").substring(0, 12);
    }

    /** Whether this request reached the page on its custom domain (then it lives at {@code /}, not {@code /status/{slug}}). */
    public static boolean onCustomDomain(StatusSnapshot.PageInfo page, String host) {
        return page.customDomain() != null && host != null
                && page.customDomain().equalsIgnoreCase(host.trim().replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT));
    }

    /** Where the page lives for this request: {@code /} on its custom domain, else {@code /status/{slug}}. */
    public static String home(StatusSnapshot.PageInfo page, String host) {
        return onCustomDomain(page, host) ? "/" : "/status/" + page.slug();
    }

    /** The {@code Set-Cookie} value granting this page for {@link #SESSION}. */
    String sessionCookie(StatusSnapshot.PageInfo page, String host, boolean secure) {
        Instant expires = clock.instant().plus(SESSION);
        long expiry = expires.getEpochSecond();
        String value = sessions.signed(sessionBinding(page), expiry);
        return cookieName(page) + "=" + value + "; Path=" + cookiePath(page, host) + "; Max-Age=" + SESSION.toSeconds()
                + "; Expires=" + COOKIE_DATE.format(expires) + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that removes the page's session cookie (same name and path as issued). */
    String expiredSessionCookie(StatusSnapshot.PageInfo page, String host, boolean secure) {
        return cookieName(page) + "=; Path=" + cookiePath(page, host) + "; Max-Age=0"
                + "; Expires=" + COOKIE_DATE.format(Instant.EPOCH) + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    private static String cookiePath(StatusSnapshot.PageInfo page, String host) {
        return onCustomDomain(page, host) ? "/" : "/status/" + page.slug();
    }

    boolean validSession(StatusSnapshot.PageInfo page, String value) {
        return sessions.verify(sessionBinding(page), value, clock.instant().getEpochSecond() + SESSION.toSeconds() + 60);
    }

    private static String sessionBinding(StatusSnapshot.PageInfo page) {
        // The password hash carries a fresh random salt: a new password gives a new hash, and old cookies stop matching.
        return "session|" + page.id() + "|" + page.passwordHash();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
