package io.vigil.people.login;

import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.auth.User;
import io.vigil.auth.session.Session.Method;
import io.vigil.auth.session.Session.Stage;
import io.vigil.auth.session.Sessions;
import io.vigil.people.SsoConfig;
import io.vigil.people.login.SsoAccounts.Outcome;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Clock;
import java.util.UUID;

/**
 * {@code GET /login/sso}: console sign-in through the OpenID Connect provider. Quarkus OIDC ({@link SsoTenant}) runs the
 * authorization code flow (state, nonce, PKCE) and hands this page the provider's ID token (and its UserInfo answer);
 * Vigil then wants a verified e-mail address of an allowed domain, finds or creates the account ({@link SsoAccounts}), opens its own session
 * (method {@code sso}) and drops Quarkus' session cookie: {@code vigil_session} is the only console session there is.
 */
@Tag(name = "Pages")
@Path(SsoTenant.PATH)
public class SsoPage {

    private static final Logger LOG = Logger.getLogger(SsoPage.class);

    @Inject
    AuditLog audit;
    @Inject
    SsoConfig config;
    @Inject
    SecurityIdentity identity;
    @Inject
    OidcSession oidc;
    @Inject
    SsoAccounts accounts;
    @Inject
    Sessions sessions;
    @Inject
    StatusPagesConfig pages;
    @Inject
    Clock clock;

    @Operation(summary = "Sign in with single sign-on (starts and finishes the OpenID Connect code flow)")
    @GET
    public Uni<Response> signIn(@RestQuery String next, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        if (!config.enabled()) {
            return Web.html(404, AccountTemplates.problem("Single sign-on is off",
                    "This Vigil has no single sign-on provider. Sign in with your e-mail and password."));
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            // anonymous: Quarkus OIDC answers with the redirect to the provider
            throw new UnauthorizedException();
        }
        Web web = Web.of(headers, request, pages.trustForwarded());
        // the address and its verified flag come from one source: the ID token if it has an address, else UserInfo
        boolean fromToken = text(token.getClaim("email")) != null;
        String email = User.normalizeEmail(fromToken ? text(token.getClaim("email")) : userInfo("email"));
        String verified = fromToken ? text(token.getClaim("email_verified")) : userInfo("email_verified");
        if (email == null || email.isEmpty() || email.length() > 320 || email.indexOf('@') < 1) {
            return refuse(web, email, null, "no e-mail address", "Your provider did not tell Vigil your e-mail address.");
        }
        if (!"true".equalsIgnoreCase(verified)) {
            return refuse(web, email, null, "e-mail address not verified", "Your e-mail address is not verified at your provider.");
        }
        String domain = email.substring(email.lastIndexOf('@') + 1);
        if (!config.allows(domain)) {
            return refuse(web, email, null, "domain not allowed", "Accounts of " + domain + " may not sign in here.");
        }
        String name = claim(token, "name");
        return accounts.signIn(email, name == null ? "" : name.strip(), clock.instant()).chain(outcome -> finish(outcome, web, next, email));
    }

    /** The provider's redirect lands here; Quarkus OIDC finishes the flow and sends the browser on to {@code /login/sso}. */
    @Operation(summary = "The OpenID Connect redirect URI")
    @GET
    @Path("callback")
    public Response callback() {
        return Web.seeOther(SsoTenant.PATH).build();
    }

    /** The provider answered the flow with an error (the person cancelled, or may not use this client). */
    @Operation(summary = "Single sign-on ended at the provider with an error")
    @GET
    @Path("failed")
    public Uni<Response> failed(@RestQuery String error, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        LOG.infof("A single sign-on ended at the provider: %s", error);
        Web web = Web.of(headers, request, pages.trustForwarded());
        String reason = "provider: " + (error == null ? "error" : error.length() > 64 ? error.substring(0, 64) : error);
        return recordRefusal(null, null, web, reason).chain(() -> Web.html(403, AccountTemplates.problem("Sign-in refused",
                "Your provider did not sign you in. Try again, or sign in with your e-mail and password.")));
    }

    private Uni<Response> finish(Outcome outcome, Web web, String next, String email) {
        if (outcome.refusal() == SsoAccounts.Refusal.DISABLED) {
            return refuse(web, email, outcome.userId(), "disabled", "This account is disabled.");
        }
        if (outcome.refusal() == SsoAccounts.Refusal.NO_WORKSPACE) {
            LOG.warnf("Single sign-on cannot create accounts: workspace '%s' (vigil.oidc.workspace) does not exist", config.workspace());
            return oidc.logout().replaceWith(Web.build(503, AccountTemplates.problem("Single sign-on is not set up",
                    "Vigil cannot create your account yet. Ask the administrator to check the single sign-on settings.")));
        }
        return sessions.start(outcome.userId(), Stage.ACTIVE, Method.SSO, web.client(), web.userAgent())
                .call(started -> audit.recordAlone(AuditEvent.loginSucceeded(outcome.userId(), web.client(), "sso"))
                        .onFailure().recoverWithNull())
                .call(started -> oidc.logout())
                .map(started -> Web.seeOther(Web.localPath(next, LoginPage.HOME)).cookie(web.sessionCookie(started, clock)).build());
    }

    /**
     * 403, after dropping the provider session cookie so that another account can be tried; the refusal goes to the
     * log and to the audit log as a failed login ({@code via: sso}).
     */
    private Uni<Response> refuse(Web web, String email, UUID userId, String reason, String message) {
        LOG.infof("Refused a single sign-on for %s: %s", email, reason);
        return recordRefusal(email, userId, web, reason).chain(() -> oidc.logout())
                .replaceWith(Web.build(403, AccountTemplates.problem("Sign-in refused", message)));
    }

    private Uni<Void> recordRefusal(String email, UUID userId, Web web, String reason) {
        return audit.recordAlone(AuditEvent.loginFailed(email, userId, web.client(), "sso", reason))
                .onFailure().invoke(e -> LOG.warnf("Could not record a refused sign-in: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * A claim of the ID token, else of the provider's UserInfo answer (fetched at sign-in: some providers put
     * {@code email} only there).
     */
    private String claim(JsonWebToken token, String name) {
        String value = text(token.getClaim(name));
        return value == null ? userInfo(name) : value;
    }

    /** A claim of the provider's UserInfo answer, only if it is about the ID token's subject (OIDC Core 5.3.2). */
    private String userInfo(String name) {
        if (!(identity.getAttribute("userinfo") instanceof UserInfo info)
                || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getSubject() == null || !token.getSubject().equals(info.getString("sub"))) {
            return null;
        }
        return text(info.get(name));
    }

    /** A claim as text: JSON strings unquoted, booleans and numbers as written. */
    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        return claim instanceof JsonString s ? s.getString() : claim.toString();
    }
}
