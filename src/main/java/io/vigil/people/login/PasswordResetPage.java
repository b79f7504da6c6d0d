package io.vigil.people.login;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Passwords;
import io.vigil.auth.User;
import io.vigil.people.AccountsConfig;
import io.vigil.people.FormThrottle;
import io.vigil.people.login.AccountTemplates.Form;
import io.vigil.people.login.PasswordResets.Found;
import io.vigil.people.login.PasswordResets.State;
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
 * {@code GET|POST /forgot} and {@code GET|POST /reset/{token}}: a reset link by e-mail (one hour, single use) and the
 * new password. {@code /forgot} answers the same whether or not the address has an account (no way to learn who is
 * here); requests are throttled per client and per address mailed, new passwords per client ({@link FormThrottle}).
 * Setting the password ends every session of the account; TOTP stays on.
 */
@Tag(name = "Pages")
@Path("/")
public class PasswordResetPage {

    @Inject
    PasswordResets resets;
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

    @Operation(summary = "The forgotten-password page")
    @GET
    @Path("forgot")
    public Response forgotForm() {
        return Web.build(200, forgot(null, null, null));
    }

    @Operation(summary = "Mail a password-reset link")
    @POST
    @Path("forgot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> forgot(@RestForm String email, @RestForm String csrf, @Context HttpHeaders headers,
                                @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        if (!forms.valid("forgot", csrf) || web.crossSite()) {
            return Web.formExpired();
        }
        String address = User.normalizeEmail(email);
        if (address == null || address.isEmpty() || address.length() > 320 || !address.contains("@")) {
            return Web.html(400, forgot("Enter the e-mail address of your account.", "email", address));
        }
        return throttle.mail(web.client(), address).onItemOrFailure().transformToUni((wait, failure) -> {
            if (failure != null) {
                return Web.unavailable();
            }
            if (wait.isPresent()) {
                return Web.tooMany(wait.get());
            }
            return resets.create(address, clock.instant(), accounts.resetValidity())
                    .chain(token -> token.isEmpty() ? Uni.createFrom().voidItem() : mail.sendReset(address, token.get()))
                    .chain(() -> Web.html(200, AccountTemplates.forgotSent()));
        });
    }

    @Operation(summary = "The page of a password-reset link")
    @GET
    @Path("reset/{token}")
    public Uni<Response> resetForm(@RestPath String token) {
        return resets.byToken(token, clock.instant()).map(found -> found.filter(f -> f.state() == State.VALID)
                .map(f -> Web.build(200, reset(token, f, null, null)))
                .orElseGet(() -> gone(found)));
    }

    @Operation(summary = "Choose a new password with a reset link")
    @POST
    @Path("reset/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reset(@RestPath String token, @RestForm String password, @RestForm String confirm,
                               @RestForm String csrf, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return resets.byToken(token, clock.instant()).chain(found -> {
            if (found.isEmpty() || found.get().state() != State.VALID) {
                return Uni.createFrom().item(gone(found));
            }
            Found link = found.get();
            if (!forms.valid("reset|" + token, csrf) || web.crossSite()) {
                return Web.formExpired();
            }
            Optional<String> weak = Passwords.weakness(password);
            if (weak.isPresent()) {
                return Web.html(400, reset(token, link, "The password " + weak.get() + ".", "password"));
            }
            if (!password.equals(confirm)) {
                return Web.html(400, reset(token, link, "The two passwords differ.", "confirm"));
            }
            return throttle.attempt(FormThrottle.RESET, web.client()).onItemOrFailure().transformToUni((wait, failure) -> {
                if (failure != null) {
                    return Web.unavailable();
                }
                if (wait.isPresent()) {
                    return Web.tooMany(wait.get());
                }
                return Passwords.hash(password).chain(hash -> resets.complete(token, hash, clock.instant(), web.client()))
                        .map(done -> done ? Web.seeOther("/login?notice=reset").cookie(web.clearedCookie()).build()
                                : gone(Optional.of(new Found(link.userId(), link.email(), State.USED))));
            });
        });
    }

    private TemplateInstance forgot(String error, String invalid, String email) {
        return AccountTemplates.forgot(new Form(forms.issue("forgot"), error, invalid), email);
    }

    private TemplateInstance reset(String token, Found link, String error, String invalid) {
        return AccountTemplates.reset(new Form(forms.issue("reset|" + token), error, invalid), link.email());
    }

    private static Response gone(Optional<Found> found) {
        if (found.isEmpty()) {
            return Web.build(404, AccountTemplates.problem("Link not found", "There is no password-reset link here. "
                    + "Ask for a new one on the sign-in page."));
        }
        String why = found.get().state() == State.USED ? "This link was used already; a link works once."
                : "This link has expired.";
        return Web.build(410, AccountTemplates.problem("Link no longer valid", why + " Ask for a new one if you need it."));
    }

    /** A NUL in a field ({@link FormBodyGuard}, before the resource runs): 400, the field named, never a 500. */
    @ServerExceptionMapper
    public Response nulInForm(FormBodyGuard.NulInForm e) {
        return Web.nulInForm(e.field());
    }
}
