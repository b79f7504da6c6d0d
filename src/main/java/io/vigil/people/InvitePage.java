package io.vigil.people;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.VigilConfig;
import io.vigil.api.FormBodyGuard;
import io.vigil.api.FormTokens;
import io.vigil.auth.Passwords;
import io.vigil.auth.SecretBox;
import io.vigil.auth.Secrets;
import io.vigil.people.Invitations.Account;
import io.vigil.people.Invitations.Found;
import io.vigil.statuspage.PageForms;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET|POST /invite/{token}}: the page an invitation's link opens. It names the workspace and the role; without an
 * account for the invited address it asks for a name and a password (twice), with one it asks for that account's
 * password. The form carries a signed {@value #CSRF_FIELD} token bound to the invitation, and a cross-site
 * {@code Origin} is refused (as on status pages). Submissions are throttled per client ({@link FormThrottle}: 429 with
 * {@code Retry-After}). An unknown link is 404, a used, revoked or expired one 410; bad input shows the form again,
 * the field marked (400). HTML answers get the strict CSP that SecurityHeaders adds to every HTML answer.
 */
@Tag(name = "People")
@Path("/invite/{token}")
public class InvitePage {

    static final String CSRF_FIELD = "csrf";
    static final int MAX_NAME = 200;
    private static final Logger LOG = Logger.getLogger(InvitePage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Found invitation, boolean existing, String csrf, String name, String error,
                                            String invalid);

        static native TemplateInstance accepted(Found invitation, boolean created, String tokensUrl);

        static native TemplateInstance problem(String title, String message);
    }

    @Inject
    Invitations invitations;
    @Inject
    FormThrottle throttle;
    @Inject
    AccountsConfig accounts;
    @Inject
    SecretBox secretBox;
    @Inject
    StatusPagesConfig pages;
    @Inject
    VigilConfig vigil;
    @Inject
    Clock clock;

    private FormTokens forms;

    @PostConstruct
    void init() {
        forms = new FormTokens(secretBox.deriveKey("invitation-form"), clock, Duration.ofHours(24));
    }

    @Operation(summary = "The page of an invitation link")
    @GET
    public Uni<Response> show(@RestPath String token) {
        return find(token).chain(found -> found.isEmpty() ? gone(token) : invitations.account(found.get().email())
                .map(account -> form(200, found.get(), account.isPresent(), null, null, null)));
    }

    @Operation(summary = "Accept an invitation")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> accept(@RestPath String token, @RestForm String name, @RestForm String password,
                                @RestForm String confirm, @RestForm(CSRF_FIELD) String csrf,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return find(token).chain(found -> {
            if (found.isEmpty()) {
                return gone(token);
            }
            Found inv = found.get();
            if (csrf == null || !forms.valid(binding(inv), csrf)
                    || PageForms.crossSite(headers, PageForms.host(headers, request), pages.trustForwarded())) {
                return html(403, Templates.problem("Form expired", "This form has expired or did not come from this page. "
                        + "Reload the page and try again."));
            }
            String client = PageForms.client(headers, request, pages.trustForwarded());
            return throttle.attempt(FormThrottle.ACCEPT, client)
                    .onItemOrFailure().transformToUni((wait, failure) -> {
                        if (failure != null) {
                            LOG.warnf("Refusing an invitation form: the attempt could not be counted (%s)", failure.toString());
                            return html(503, Templates.problem("Try again shortly", "This cannot be done right now."))
                                    .map(r -> Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, 5).build());
                        }
                        if (wait.isPresent()) {
                            return tooMany(wait.get());
                        }
                        return invitations.account(inv.email()).chain(account -> account.isPresent()
                                ? join(inv, account.get(), password, client) : create(inv, name, password, confirm, client));
                    });
        });
    }

    /**
     * A NUL in a field ({@link FormBodyGuard}, before the resource runs): the form again with the field marked, as for
     * any other bad input; an unknown or used link gets its 404/410 page.
     */
    @ServerExceptionMapper
    public Uni<Response> nulInForm(FormBodyGuard.NulInForm e, UriInfo uri) {
        String token = uri.getPathParameters().getFirst("token");
        return find(token).chain(found -> found.isEmpty() ? gone(token) : invitations.account(found.get().email())
                .map(account -> form(400, found.get(), account.isPresent(), null,
                        "This field holds a character that is not allowed.", e.field())));
    }

    /** A new account: name and password checked, argon2id on a worker thread, then claimed and created at once. */
    private Uni<Response> create(Found inv, String name, String password, String confirm, String client) {
        if (accounts.signup() == AccountsConfig.Signup.CLOSED) {
            return html(403, Templates.problem("New accounts are closed", "This instance takes no new accounts. "
                    + "Ask the instance admin."));
        }
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().item(form(400, inv, false, n, "Enter your name (at most " + MAX_NAME + " characters).", "name"));
        }
        if (password == null || Passwords.weakness(password).isPresent()) {
            return Uni.createFrom().item(form(400, inv, false, n, "The password needs at least " + Passwords.MIN
                    + " characters (at most " + Passwords.MAX + ").", "password"));
        }
        if (!password.equals(confirm)) {
            return Uni.createFrom().item(form(400, inv, false, n, "The two passwords differ.", "confirm"));
        }
        return Uni.createFrom().item(() -> Secrets.hashPassword(password))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(hash -> invitations.acceptAsNewUser(inv.id(), inv.email(), n, hash, clock.instant(), client))
                .chain(ok -> ok ? accepted(inv, true) : gone(inv))
                .onFailure(Invitations.AccountExists.class).recoverWithUni(e -> html(409, Templates.problem(
                        "Account exists", "An account for " + inv.email() + " was created meanwhile. Reload the page to "
                                + "accept with its password.")));
    }

    /** An existing account: its own password, checked on a worker thread, then the membership added. */
    private Uni<Response> join(Found inv, Account account, String password, String client) {
        if (account.disabled() || account.passwordHash() == null) {
            return html(403, Templates.problem("Cannot accept here", "This account cannot sign in with a password. "
                    + "Ask the instance admin."));
        }
        return Uni.createFrom().item(() -> password != null && !password.isEmpty() && password.length() <= Passwords.MAX
                        && Secrets.verifyPassword(password, account.passwordHash()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(right -> !right ? Uni.createFrom().item(form(400, inv, true, null, "Wrong password.", "password"))
                        : invitations.acceptAsMember(inv.id(), account.id(), clock.instant(), client)
                        .chain(ok -> ok ? accepted(inv, false) : gone(inv)));
    }

    /** The invitation of a link, if it is pending; empty otherwise (then {@link #gone} says why). */
    private Uni<Optional<Found>> find(String token) {
        if (token == null || token.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return invitations.byToken(token, clock.instant()).map(f -> f.filter(i -> i.state() == Invitations.State.PENDING));
    }

    private Uni<Response> gone(String token) {
        if (token == null || token.length() > 100) {
            return notFound();
        }
        return invitations.byToken(token, clock.instant()).chain(f -> f.isEmpty() ? notFound() : gone(f.get()));
    }

    private static Uni<Response> gone(Found inv) {
        String why = switch (inv.state()) {
            case ACCEPTED -> "This invitation was accepted already; a link works once.";
            case REVOKED -> "This invitation was withdrawn.";
            case EXPIRED, PENDING -> "This invitation has expired.";
        };
        return html(410, Templates.problem("Invitation no longer valid", why + " Ask for a new one if you need it."));
    }

    private static Uni<Response> notFound() {
        return html(404, Templates.problem("Invitation not found", "There is no invitation at this link."));
    }

    private Uni<Response> accepted(Found inv, boolean created) {
        String base = vigil.publicUrl().endsWith("/") ? vigil.publicUrl().substring(0, vigil.publicUrl().length() - 1)
                : vigil.publicUrl();
        return html(200, Templates.accepted(inv, created, base + "/api/v1/tokens"));
    }

    private static Uni<Response> tooMany(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return html(429, Templates.problem("Too many attempts", "Try again in " + Math.max(1, (seconds + 59) / 60)
                + " minute(s).")).map(r -> Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, seconds).build());
    }

    private Response form(int status, Found inv, boolean existing, String name, String error, String invalid) {
        return build(status, Templates.form(inv, existing, forms.issue(binding(inv)), name, error, invalid));
    }

    private static String binding(Found inv) {
        return "invite|" + inv.id();
    }

    private static Uni<Response> html(int status, TemplateInstance page) {
        return Uni.createFrom().item(() -> build(status, page));
    }

    private static Response build(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(page.render())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
