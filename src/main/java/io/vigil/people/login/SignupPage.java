package io.vigil.people.login;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Passwords;
import io.vigil.auth.User;
import io.vigil.auth.session.Session.Method;
import io.vigil.auth.session.Session.Stage;
import io.vigil.auth.session.Sessions;
import io.vigil.notify.email.EmailChannel;
import io.vigil.people.AccountsConfig;
import io.vigil.people.AccountsConfig.Signup;
import io.vigil.people.FormThrottle;
import io.vigil.people.login.AccountTemplates.Form;
import io.vigil.people.login.Signups.Found;
import io.vigil.people.login.Signups.State;
import io.vigil.statuspage.StatusPagesConfig;
import io.vigil.api.FormBodyGuard;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET|POST /signup} and {@code GET|POST /signup/{token}}, only with {@code vigil.accounts.signup=open} (404
 * otherwise): name, e-mail and password, then a link mailed to the address; opening it shows a button (mail scanners
 * that fetch links create nothing), which creates the account with a workspace of its own, as owner, and signs in. An
 * address with an account gets the same answer and no mail. Sign-ups are throttled per client and per address mailed.
 */
@Tag(name = "Pages")
@Path("/signup")
public class SignupPage {

    static final int MAX_NAME = 200;
    @Inject
    Signups signups;
    @Inject
    Sessions sessions;
    @Inject
    FormThrottle throttle;
    @Inject
    AccountForms forms;
    @Inject
    AccountsConfig accounts;
    @Inject
    StatusPagesConfig pages;
    @Inject
    AccountMail mail;
    @Inject
    Clock clock;

    @Operation(summary = "The sign-up page (open sign-up only)")
    @GET
    public Response show() {
        return open() ? Web.build(200, form(null, null, null, null)) : closed();
    }

    @Operation(summary = "Sign up: mails a link that creates the account")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signUp(@RestForm String name, @RestForm String email, @RestForm String password,
                                @RestForm String confirm, @RestForm String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        if (!open()) {
            return Uni.createFrom().item(closed());
        }
        Web web = Web.of(headers, request, pages.trustForwarded());
        if (!forms.valid("signup", csrf) || web.crossSite()) {
            return Web.formExpired();
        }
        String n = name == null ? "" : name.strip();
        String address = User.normalizeEmail(email);
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            return Web.html(400, form("Enter your name (at most " + MAX_NAME + " characters).", "name", address, n));
        }
        String bad = address == null || address.isEmpty() ? "is required" : EmailChannel.addressProblem(address);
        if (bad != null) {
            return Web.html(400, form("The e-mail address " + bad + ".", "email", address, n));
        }
        Optional<String> weak = Passwords.weakness(password);
        if (weak.isPresent()) {
            return Web.html(400, form("The password " + weak.get() + ".", "password", address, n));
        }
        if (!password.equals(confirm)) {
            return Web.html(400, form("The two passwords differ.", "confirm", address, n));
        }
        return throttle.mail(web.client(), address).onItemOrFailure().transformToUni((wait, failure) -> {
            if (failure != null) {
                return Web.unavailable();
            }
            if (wait.isPresent()) {
                return Web.tooMany(wait.get());
            }
            return Passwords.hash(password)
                    .chain(hash -> signups.create(address, n, hash, clock.instant(), accounts.signupValidity()))
                    .chain(token -> token.isEmpty() ? Uni.createFrom().voidItem() : mail.sendVerification(address, token.get()))
                    .chain(() -> Web.html(200, AccountTemplates.signupSent(address)));
        });
    }

    @Operation(summary = "The page of a sign-up link")
    @GET
    @Path("{token}")
    public Uni<Response> confirmForm(@RestPath String token) {
        if (!open()) {
            return Uni.createFrom().item(closed());
        }
        return signups.byToken(token, clock.instant()).map(found -> found.filter(f -> f.state() == State.VALID)
                .map(f -> Web.build(200, AccountTemplates.signupConfirm(new Form(forms.issue("signup|" + token), null, null), f.email())))
                .orElseGet(() -> gone(found)));
    }

    @Operation(summary = "Create the account of a sign-up link and sign in")
    @POST
    @Path("{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirm(@RestPath String token, @RestForm String csrf, @Context HttpHeaders headers,
                                 @Context HttpServerRequest request) {
        if (!open()) {
            return Uni.createFrom().item(closed());
        }
        Web web = Web.of(headers, request, pages.trustForwarded());
        if (!forms.valid("signup|" + token, csrf) || web.crossSite()) {
            return Web.formExpired();
        }
        return signups.complete(token, clock.instant()).chain(created -> {
            if (created.isEmpty()) {
                return signups.byToken(token, clock.instant()).map(SignupPage::gone);
            }
            return sessions.start(created.get().userId(), Stage.ACTIVE, Method.PASSWORD, web.client(), web.userAgent())
                    .map(s -> Web.seeOther(LoginPage.HOME).cookie(web.sessionCookie(s, clock)).build());
        }).onFailure(Signups.AccountExists.class).recoverWithUni(e -> Web.html(409, AccountTemplates.problem(
                "Account exists", "An account for this address exists already. Sign in, or reset its password.")));
    }

    private boolean open() {
        return accounts.signup() == Signup.OPEN;
    }

    private TemplateInstance form(String error, String invalid, String email, String name) {
        return AccountTemplates.signup(new Form(forms.issue("signup"), error, invalid), email, name);
    }

    private static Response closed() {
        return Web.build(404, AccountTemplates.problem("Sign-up is not open",
                "New accounts on this instance are by invitation. Ask a workspace owner to invite you."));
    }

    private static Response gone(Optional<Found> found) {
        if (found.isEmpty()) {
            return Web.build(404, AccountTemplates.problem("Link not found", "There is no sign-up at this link."));
        }
        String why = found.get().state() == State.USED ? "This link was used already; sign in instead."
                : "This link has expired; sign up again.";
        return Web.build(410, AccountTemplates.problem("Link no longer valid", why));
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): 400, the field named, never a 500. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e) {
        return Web.nulInForm(e.field());
    }
}
