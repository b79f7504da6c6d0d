package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ProblemMapper;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Authenticates every {@code /api/v1/**} request: {@code Bearer vgl_…} everywhere, HTTP Basic (email:password)
 * only for minting a token. The resolved {@link Caller} scopes all data access for the request.
 */
public class AuthFilter {

    static final String TOKEN_PATH = "/api/v1/tokens";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** Verified against when the e-mail is unknown, so a miss costs the same time as a wrong password. */
    private static final String DUMMY_HASH = Secrets.hashPassword("vigil-timing-equalizer");

    @Inject
    CurrentCaller current;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;

    // Pre-matching: credentials are judged before routing, so a 401 wins over a 404/405/415.
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(header.substring(7).trim());
        }
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && path.equals(TOKEN_PATH)) {
            return basic(header.substring(6).trim());
        }
        boolean tokenPath = path.equals(TOKEN_PATH);
        return Uni.createFrom().item(unauthorized(tokenPath
                ? "authenticate with HTTP Basic (email and password) or a bearer token"
                : "send Authorization: Bearer <token>; create one with POST /api/v1/tokens", tokenPath));
    }

    private Uni<Response> bearer(String token) {
        byte[] hash = Secrets.sha256(token);
        Instant now = clock.instant();
        return Panache.withTransaction(() -> ApiToken.<ApiToken>find("tokenHash", hash).firstResult()
                .map(t -> {
                    if (t == null || (t.expiresAt != null && !t.expiresAt.isAfter(now))) {
                        return unauthorized("the token is unknown, revoked or expired", false);
                    }
                    if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_RESOLUTION).isBefore(now)) {
                        t.lastUsedAt = now;
                    }
                    current.set(new Caller(t.workspaceId, t.userId, Role.fromWire(t.role)));
                    return null;
                }));
    }

    private Uni<Response> basic(String encoded) {
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
        String email = decoded.substring(0, colon).trim().toLowerCase();
        String password = decoded.substring(colon + 1);
        return Panache.withSession(() -> User.<User>find("email", email).firstResult())
                .chain(user -> vertx.executeBlocking(Uni.createFrom().item(() ->
                                Secrets.verifyPassword(password, user == null ? DUMMY_HASH : user.passwordHash)))
                        .map(ok -> {
                            if (user == null || !ok) {
                                return unauthorized("wrong e-mail or password", true);
                            }
                            current.set(new Caller(user.workspaceId, user.id, user.role()));
                            return null;
                        }));
    }

    private static Response unauthorized(String detail, boolean basic) {
        Response r = ProblemMapper.response(401, detail);
        return Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, basic ? "Basic realm=\"vigil\"" : "Bearer realm=\"vigil\"")
                .build();
    }
}
