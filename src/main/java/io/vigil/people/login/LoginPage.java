package io.vigil.people.login;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.auth.LoginThrottle;
import io.vigil.auth.LoginThrottle.Counted;
import io.vigil.auth.Passwords;
import io.vigil.auth.Secrets;
import io.vigil.auth.User;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Session.Method;
import io.vigil.auth.session.Session.Stage;
import io.vigil.auth.session.Sessions;
import io.vigil.auth.totp.TotpService;
import io.vigil.auth.totp.TotpService.SecondFactor;
import io.vigil.people.AccountsConfig;
import io.vigil.people.SsoConfig;
import io.vigil.people.login.AccountTemplates.Form;
import io.vigil.statuspage.StatusPagesConfig;
import io.vigil.api.FormBodyGuard;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import jakarta.ws.rs.core.UriInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET|POST /login} and {@code GET|POST /login/2fa}: signing in to the console with e-mail and password, then, for
 * an account with TOTP or passkeys, a code (or a recovery code) or a passkey ({@link PasskeyLogin}). Attempts count like HTTP Basic ones ({@link LoginThrottle}: per
 * account and per client address, shared by every replica; 429 with {@code Retry-After} beyond a limit). The password
 * step opens a short {@code second_factor} session; the code promotes it under a new token, so a cookie seen before
 * the second factor is worth nothing after it. Every form carries a CSRF token and a cross-site {@code Origin} is refused.
 */
@Tag(name = "Pages")
@Path("/login")
public class LoginPage {

    static final String HOME = "/account";
    private static final String DUMMY_HASH = Secrets.hashPassword("vigil-login-timing-equalizer");
    private static final Logger LOG = Logger.getLogger(LoginPage.class);

    @Inject
    Pool pool;
    @Inject
    Sessions sessions;
    @Inject
    AuditLog audit;
    @Inject
    LoginThrottle throttle;
    @Inject
    TotpService totp;
    @Inject
    AccountForms forms;
    @Inject
    AccountsConfig accounts;
    @Inject
    SsoConfig sso;
    @Inject
    StatusPagesConfig pages;
    @Inject
    Clock clock;

    @Operation(summary = "The sign-in page")
    @GET
    public Uni<Response> show(@RestQuery String next, @RestQuery String notice, @Context HttpHeaders headers,
                              @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).map(s -> s.filter(Session::active).isPresent()
                ? Web.seeOther(Web.localPath(next, HOME)).build()
                : Web.build(200, login(null, null, null, next, notice(notice))));
    }

    /** The notices a redirect may ask for, by name (never text from the query). */
    private static String notice(String name) {
        return switch (name == null ? "" : name) {
            case "reset" -> "Your password was changed. Sign in with the new one.";
            case "signed-out" -> "You are signed out.";
            case "verified" -> "Your account is ready. Sign in.";
            default -> null;
        };
    }

    @Operation(summary = "Sign in with e-mail and password")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestForm String email, @RestForm String password, @RestForm String next,
                                @RestForm String csrf, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        if (!forms.valid("login", csrf) || web.crossSite()) {
            return Web.formExpired();
        }
        String address = User.normalizeEmail(email);
        if (address == null || address.isEmpty() || address.length() > 320) {
            return Web.html(400, login("Enter your e-mail address.", "email", address, next, null));
        }
        if (password == null || password.isEmpty()) {
            return Web.html(400, login("Enter your password.", "password", address, next, null));
        }
        return throttle.attempt(address, web.client()).onItemOrFailure().transformToUni((decision, failure) -> {
            if (failure != null) {
                LOG.warnf("Refusing a console login: the attempt could not be counted (%s)", failure.toString());
                return Web.unavailable();
            }
            if (decision.retryAfter().isPresent()) {
                return Web.tooMany(decision.retryAfter().get());
            }
            return check(address, password, next, web, decision.counted());
        });
    }

    /** The same work for an unknown, disabled or password-less account as for a wrong password. */
    private Uni<Response> check(String email, String password, String next, Web web, Counted counted) {
        return pool.preparedQuery("""
                        SELECT id, password_hash, disabled_at IS NULL,
                               totp_enabled_at IS NOT NULL OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = users.id)
                        FROM users WHERE email = $1""")
                .execute(Tuple.of(email)).chain(rows -> {
                    Row u = rows.size() == 0 ? null : rows.iterator().next();
                    boolean usable = u != null && u.getString(1) != null && u.getBoolean(2);
                    return Passwords.verify(password, usable ? u.getString(1) : DUMMY_HASH).chain(right -> {
                        if (!usable || !right) {
                            String reason = u == null ? "unknown account" : !u.getBoolean(2) ? "disabled"
                                    : u.getString(1) == null ? "no password" : "password";
                            return failed(email, u == null ? null : u.getUUID(0), web, reason)
                                    .chain(() -> Web.html(400, login("Wrong e-mail or password.", "password", email, next, null)));
                        }
                        Stage stage = u.getBoolean(3) ? Stage.SECOND_FACTOR : Stage.ACTIVE;
                        return throttle.succeeded(counted)
                                .chain(() -> sessions.start(u.getUUID(0), stage, Method.PASSWORD, web.client(), web.userAgent()))
                                .call(started -> stage == Stage.ACTIVE ? succeeded(u.getUUID(0), web, "form") : Uni.createFrom().voidItem())
                                .map(started -> Web.seeOther(stage == Stage.ACTIVE ? Web.localPath(next, HOME)
                                                : "/login/2fa" + (next == null ? "" : "?next=" + URLEncoder.encode(Web.localPath(next, HOME), StandardCharsets.UTF_8)))
                                        .cookie(web.sessionCookie(started, clock)).build());
                    });
                });
    }

    @Operation(summary = "The second-factor page")
    @GET
    @Path("2fa")
    public Uni<Response> secondFactor(@RestQuery String next, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Web.seeOther("/login").build());
            }
            if (found.get().active()) {
                return Uni.createFrom().item(Web.seeOther(Web.localPath(next, HOME)).build());
            }
            return factors(found.get()).map(f -> Web.build(200, AccountTemplates.twoFactor(
                    new Form(forms.issue("2fa", found.get()), null, null), next, f.totp(), f.passkey())));
        });
    }

    @Operation(summary = "Finish signing in with a TOTP or recovery code")
    @POST
    @Path("2fa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verify(@RestForm String code, @RestForm String next, @RestForm String csrf,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            Optional<Session> half = found.filter(s -> !s.active());
            if (half.isEmpty()) {
                return Uni.createFrom().item(Web.seeOther(found.isPresent() ? Web.localPath(next, HOME) : "/login").build());
            }
            Session session = half.get();
            if (!forms.valid("2fa", session, csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            if (code == null || code.isBlank() || code.length() > 64) {
                return twoFactor(session, "Enter the code from your app, or a recovery code.", next);
            }
            return throttle.attempt(session.email(), web.client()).onItemOrFailure().transformToUni((decision, failure) -> {
                if (failure != null) {
                    return Web.unavailable();
                }
                if (decision.retryAfter().isPresent()) {
                    return Web.tooMany(decision.retryAfter().get());
                }
                return totp.check(session.userId(), code.strip()).chain(factor -> factor == SecondFactor.REFUSED
                        || factor == SecondFactor.MISSING
                        ? failed(session.email(), session.userId(), web, "second factor")
                                .chain(() -> twoFactor(session, "Wrong or already used code.", next))
                        : throttle.succeeded(decision.counted()).chain(() -> sessions.promote(session.id()))
                        .call(promoted -> promoted.isPresent() ? succeeded(session.userId(), web, "form, totp") : Uni.createFrom().voidItem())
                        .map(promoted ->
                        promoted.isEmpty() ? Web.seeOther("/login").cookie(web.clearedCookie()).build()
                                : Web.seeOther(Web.localPath(next, HOME)).cookie(web.sessionCookie(promoted.get(), clock)).build()));
            });
        });
    }

    /** A refused sign-in in the audit log (its own transaction; a failure to write it never changes the answer). */
    private Uni<Void> failed(String email, UUID userId, Web web, String reason) {
        return audit.recordAlone(AuditEvent.loginFailed(email, userId, web.client(), "form", reason))
                .onFailure().invoke(e -> LOG.warnf("Could not record a failed login: %s", e.toString())).onFailure().recoverWithNull();
    }

    private Uni<Void> succeeded(UUID userId, Web web, String how) {
        return audit.recordAlone(AuditEvent.loginSucceeded(userId, web.client(), how))
                .onFailure().invoke(e -> LOG.warnf("Could not record a login: %s", e.toString())).onFailure().recoverWithNull();
    }

    private Uni<Response> twoFactor(Session session, String error, String next) {
        return factors(session).map(f -> Web.build(400, AccountTemplates.twoFactor(
                new Form(forms.issue("2fa", session), error, "code"), next, f.totp(), f.passkey())));
    }

    /** Which second factors an account has. */
    private record Factors(boolean totp, boolean passkey) {
    }

    private Uni<Factors> factors(Session session) {
        return pool.preparedQuery("""
                        SELECT totp_enabled_at IS NOT NULL, EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = users.id)
                        FROM users WHERE id = $1""")
                .execute(Tuple.of(session.userId()))
                .map(rows -> rows.size() == 0 ? new Factors(false, false)
                        : new Factors(rows.iterator().next().getBoolean(0), rows.iterator().next().getBoolean(1)));
    }

    private TemplateInstance login(String error, String invalid, String email, String next, String notice) {
        return AccountTemplates.login(new Form(forms.issue("login"), error, invalid), email, next,
                accounts.signup() == AccountsConfig.Signup.OPEN, sso.enabled() ? sso.buttonLabel() : null,
                SsoTenant.PATH + (next == null ? "" : "?next=" + URLEncoder.encode(Web.localPath(next, HOME), StandardCharsets.UTF_8)),
                notice);
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): the form again with the field marked. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e, UriInfo uri) {
        if (uri.getPath().endsWith("/2fa")) {
            return Web.nulInForm(e.field());
        }
        return Web.build(400, login("This field holds a character that is not allowed.", e.field(), null, null, null));
    }
}
