package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.api.AttemptThrottle;
import io.vigil.api.ProblemMapper;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.auth.totp.OtpRequiredProblem;
import io.vigil.auth.totp.TotpService;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Authenticates every {@code /api/v1/**} request: {@code Bearer vgl_…} everywhere, HTTP Basic (email:password)
 * only for minting a token. The resolved {@link Caller} scopes all data access for the request. Basic attempts are
 * throttled per account and client address ({@link LoginThrottle}) before the user is looked up or a password hashed:
 * beyond a limit, 429 problem+json with {@code Retry-After}; when they cannot be counted (database away), 503. A user
 * with TOTP on also sends header {@code Vigil-OTP} (a code or a recovery code); a missing, wrong or replayed one is a
 * 401 with {@code "otpRequired": true}, and the attempt stays counted like a wrong password.
 */
public class AuthFilter {

    static final String TOKEN_PATH = "/api/v1/tokens";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** Verified against when the e-mail is unknown, so a miss costs the same time as a wrong password. */
    private static final String DUMMY_HASH = Secrets.hashPassword("vigil-timing-equalizer");
    private static final Logger LOG = Logger.getLogger(AuthFilter.class);

    @Inject
    CurrentCaller current;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;
    @Inject
    LoginThrottle throttle;
    @Inject
    TotpService totp;
    @Inject
    AuditLog audit;
    /** The status pages' setting: behind a reverse proxy, the client address is the last X-Forwarded-For entry. */
    @ConfigProperty(name = "vigil.status-pages.trust-forwarded", defaultValue = "false")
    boolean trustForwarded;

    // Pre-matching: credentials are judged before routing, so a 401 wins over a 404/405/415.
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext ctx, HttpServerRequest request) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String client = AttemptThrottle.client(ctx.getHeaderString("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), trustForwarded);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(header.substring(7).trim(), client);
        }
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && path.equals(TOKEN_PATH)) {
            return basic(header.substring(6).trim(), ctx.getHeaderString(OtpRequiredProblem.HEADER), client);
        }
        boolean tokenPath = path.equals(TOKEN_PATH);
        return Uni.createFrom().item(unauthorized(tokenPath
                ? "authenticate with HTTP Basic (email and password) or a bearer token"
                : "send Authorization: Bearer <token>; create one with POST /api/v1/tokens", tokenPath));
    }

    /**
     * One indexed read per request (plain SQL: the hot path of every API call needs no entity session). The token
     * works only while its user is enabled and still a member of its workspace, and never above the member's current
     * role (a demotion applies at once). {@code last_used_at} and the address are written at most once a minute per
     * token (or when the address changes), in their own statement.
     */
    static final String BEARER = """
            SELECT t.id, t.workspace_id, t.user_id, t.role, m.role, t.expires_at, t.last_used_at, t.last_used_ip,
                   u.instance_admin
            FROM api_tokens t
            JOIN users u ON u.id = t.user_id AND u.disabled_at IS NULL
            JOIN memberships m ON m.workspace_id = t.workspace_id AND m.user_id = t.user_id
            WHERE t.token_hash = $1""";

    private Uni<Response> bearer(String token, String client) {
        byte[] hash = Secrets.sha256(token);
        Instant now = clock.instant();
        return pool.preparedQuery(BEARER).execute(Tuple.of(Buffer.buffer(hash)))
                .chain(rows -> {
                    Row t = rows.size() == 0 ? null : rows.iterator().next();
                    Instant expires = t == null ? null : instant(t.getOffsetDateTime(5));
                    if (t == null || (expires != null && !expires.isAfter(now))) {
                        return Uni.createFrom().item(unauthorized("the token is unknown, revoked or expired", false));
                    }
                    Role tokenRole = Role.fromWire(t.getString(3));
                    Role memberRole = Role.fromWire(t.getString(4));
                    Role role = tokenRole.atLeast(memberRole) ? memberRole : tokenRole;
                    current.set(new Caller(t.getUUID(1), t.getUUID(2), role, t.getUUID(0), t.getBoolean(8), client));
                    Instant lastUsed = instant(t.getOffsetDateTime(6));
                    if (lastUsed != null && !lastUsed.plus(LAST_USED_RESOLUTION).isBefore(now)
                            && java.util.Objects.equals(client, t.getString(7))) {
                        return Uni.createFrom().nullItem();
                    }
                    return pool.preparedQuery("UPDATE api_tokens SET last_used_at = $1, last_used_ip = $2 WHERE id = $3")
                            .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), client, t.getUUID(0)))
                            .replaceWith((Response) null);
                });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private Uni<Response> basic(String encoded, String otp, String client) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(unauthorized("malformed Basic credentials", true));
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Uni.createFrom().item(unauthorized("malformed Basic credentials", true));
        }
        String email = User.normalizeEmail(decoded.substring(0, colon));
        String password = decoded.substring(colon + 1);
        return throttle.attempt(email, client).onItemOrFailure().transformToUni((decision, failure) -> {
            if (failure != null) {
                // Fail closed: a password is never checked uncounted.
                LOG.warnf("Refusing an API login: the attempt could not be counted (%s)", failure.toString());
                return Uni.createFrom().item(ProblemMapper.render(new ApiException(503, "Service unavailable",
                        "logging in is not possible right now (the attempt could not be counted); try again shortly",
                        null, "5")));
            }
            if (decision.retryAfter().isPresent()) {
                long seconds = Math.max(1, decision.retryAfter().get().toSeconds() + (decision.retryAfter().get().toNanosPart() > 0 ? 1 : 0));
                LOG.warnf("Throttled an API login (HTTP Basic) for %s from %s: too many wrong passwords, retry after %d s",
                        printable(email), printable(client), seconds);
                // Not recorded: refused before any password is checked, and unbounded in number (the failures that led
                // here were).
                return Uni.createFrom().item(ProblemMapper.render(new ApiException(429, "Too many requests",
                        "too many wrong passwords for this account or from this address; try again in " + seconds + " s",
                        null, Long.toString(seconds))));
            }
            return check(new Login(email, password, otp, client), decision.counted());
        });
    }

    /**
     * A right password for an enabled user: the caller acts in the user's first workspace (by joining time) until
     * {@link TokenResource} picks the one named in the request. A disabled user, or one without a password (SSO
     * only), gets the same answer as a wrong password, after the same work.
     */
    private Uni<Response> check(Login login, LoginThrottle.Counted counted) {
        String client = login.client();
        return Panache.withSession(() -> User.<User>find("email", login.email()).firstResult()
                        .chain(user -> user == null ? Uni.createFrom().item(new Found(null, null))
                                : Membership.<Membership>find("key.userId = ?1 order by joinedAt, key.workspaceId", user.id)
                                        .firstResult().map(m -> new Found(user, m))))
                .chain(found -> {
                    User user = found.user();
                    Membership first = found.first();
                    boolean usable = user != null && user.passwordHash != null && user.disabledAt == null;
                    return vertx.executeBlocking(Uni.createFrom().item(() ->
                                    Secrets.verifyPassword(login.password(), usable ? user.passwordHash : DUMMY_HASH)))
                            .chain(ok -> {
                                if (!usable || !ok) {
                                    return failed(login.email(), user == null ? null : user.id, client,
                                            user == null ? "unknown account" : user.disabledAt != null ? "disabled" : "password")
                                            .replaceWith(unauthorized("wrong e-mail or password", true));
                                }
                                return totp.check(user.id, login.otp()).chain(factor -> switch (factor) {
                                    case MISSING -> Uni.createFrom().item(OtpRequiredProblem.response(
                                            "this account has two-factor authentication on: send a current code (or a "
                                                    + "recovery code) in header " + OtpRequiredProblem.HEADER));
                                    case REFUSED -> failed(login.email(), user.id, client, "second factor")
                                            .replaceWith(OtpRequiredProblem.response("wrong or already used one-time code"));
                                    case NOT_NEEDED -> passkeyOnly(user.id).chain(passkey -> passkey
                                            ? failed(login.email(), user.id, client, "passkey account")
                                                    .replaceWith(unauthorized("this account's second factor is a passkey, "
                                                            + "which HTTP Basic cannot carry: sign in on /login and mint a "
                                                            + "token on /account, or turn on TOTP and send its code in header "
                                                            + OtpRequiredProblem.HEADER, true))
                                            : admit(user, first, client, counted));
                                    case ACCEPTED -> admit(user, first, client, counted);
                                });
                            });
                });
    }

    /** A user without TOTP who has a passkey: the password alone is not all of their sign-in. */
    private Uni<Boolean> passkeyOnly(UUID userId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1)").execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private Uni<Response> admit(User user, Membership first, String client, LoginThrottle.Counted counted) {
        current.set(new Caller(first == null ? null : first.key.workspaceId(), user.id,
                first == null ? null : first.role(), null, user.instanceAdmin, client));
        return throttle.succeeded(counted).replaceWith((Response) null);
    }

    /** A failed HTTP Basic login into the audit log (never the password); a failure to record does not change the answer. */
    private Uni<Void> failed(String email, UUID userId, String client, String reason) {
        return audit.recordAlone(AuditEvent.loginFailed(email, userId, client, "basic", reason))
                .onFailure().invoke(e -> LOG.warnf("Could not record a failed login: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** One HTTP Basic attempt as sent; {@code otp} is the Vigil-OTP header, null when absent. */
    private record Login(String email, String password, String otp, String client) {
    }

    private record Found(User user, Membership first) {
    }

    /** Client-supplied text as logged: one line, whatever it holds. */
    private static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    private static Response unauthorized(String detail, boolean basic) {
        Response r = ProblemMapper.response(401, detail);
        return Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, basic ? "Basic realm=\"vigil\"" : "Bearer realm=\"vigil\"")
                .build();
    }
}
