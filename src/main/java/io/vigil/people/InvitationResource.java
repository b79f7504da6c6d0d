package io.vigil.people;

import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.auth.Secrets;
import io.vigil.auth.User;
import io.vigil.notify.NotifyConfig;
import io.vigil.notify.email.EmailChannel;
import io.vigil.notify.email.Smtp;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Invitations to the caller's workspace: created by an admin (never above their own role), mailed as a link to
 * {@code /invite/{token}} ({@link InvitePage}), listed while pending, revoked. The token is never shown by the API.
 */
@Tag(name = "People")
@Path("/api/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvitationResource {

    /** How long a link works. */
    static final Duration VALIDITY = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(InvitationResource.class);
    private static final String WHO = "SELECT w.name AS workspace, u.name, u.email FROM workspaces w "
            + "LEFT JOIN users u ON u.id = $2 WHERE w.id = $1";

    public record CreateInvitationRequest(String email, Role role) {
    }

    /** An invitation as the API shows it; {@code mailed}: whether the SMTP server took the e-mail. */
    public record InvitationView(UUID id, String email, Role role, Instant createdAt, Instant expiresAt, Boolean mailed) {
        static InvitationView of(Invitations.Pending p, Boolean mailed) {
            return new InvitationView(p.id(), p.email(), p.role(), p.createdAt(), p.expiresAt(), mailed);
        }
    }

    @Inject
    CurrentCaller current;
    @Inject
    Invitations invitations;
    @Inject
    Pool pool;
    @Inject
    ReactiveMailer mailer;
    @Inject
    AccountsConfig accounts;
    @Inject
    NotifyConfig notify;
    @Inject
    VigilConfig vigil;
    @Inject
    Clock clock;

    @Operation(summary = "Invite someone to the workspace by e-mail")
    @Access(Role.ADMIN)
    @POST
    public Uni<Response> create(CreateInvitationRequest request) {
        Caller caller = current.get();
        if (request == null || request.email() == null) {
            throw ApiException.invalid("email", "must be an e-mail address");
        }
        String problem = EmailChannel.addressProblem(request.email());
        if (problem != null) {
            throw ApiException.invalid("email", problem);
        }
        if (request.role() == null) {
            throw ApiException.invalid("role", "must be one of owner, admin, editor, viewer");
        }
        if (!caller.role().atLeast(request.role())) {
            throw ApiException.forbidden("role", "you can invite up to your own role (" + caller.role().wire() + ")");
        }
        String email = User.normalizeEmail(request.email());
        Instant now = clock.instant();
        String token = Secrets.newToken("vgi_");
        return invitations.isMember(caller.workspaceId(), email).chain(member -> {
            if (member) {
                return Uni.createFrom().failure(ApiException.conflict(email + " is already a member of this workspace"));
            }
            return accounts.signup() != AccountsConfig.Signup.CLOSED ? Uni.createFrom().item(true)
                    : invitations.account(email).map(Optional::isPresent);
        }).chain(allowed -> {
            if (!allowed) {
                return Uni.createFrom().failure(ApiException.conflict("new accounts are closed on this instance "
                        + "(vigil.accounts.signup=closed): only people who have an account can be invited"));
            }
            return invitations.create(caller.workspaceId(), email, request.role(), token, caller.actor(), now, now.plus(VALIDITY))
                    .chain(p -> send(caller, p, token).map(mailed -> Response.created(URI.create("/api/v1/invitations/" + p.id()))
                            .entity(InvitationView.of(p, mailed)).build()));
        });
    }

    /** Mails the link; a failure is logged and shown as {@code "mailed": false} (revoke and invite again). */
    private Uni<Boolean> send(Caller caller, Invitations.Pending p, String token) {
        return pool.preparedQuery(WHO).execute(Tuple.of(caller.workspaceId(), caller.userId())).chain(rows -> {
            var r = rows.iterator().next();
            String inviter = r.getString("name") == null || r.getString("name").isBlank() ? r.getString("email") : r.getString("name");
            return Smtp.send(mailer, InvitationMail.mail(p.email(), r.getString("workspace"), inviter, p.role(),
                    InvitationMail.link(vigil.publicUrl(), token)), notify.timeout());
        }).map(a -> {
            if (!a.ok()) {
                LOG.warnf("Could not mail invitation %s: %s", p.id(), a.error());
            }
            return a.ok();
        });
    }

    @Operation(summary = "List the workspace's pending invitations")
    @Access(Role.ADMIN)
    @GET
    public Uni<Page<InvitationView>> list() {
        return invitations.pending(current.get().workspaceId(), clock.instant())
                .map(ps -> new Page<>(ps.stream().map(p -> InvitationView.of(p, null)).toList(), null));
    }

    @Operation(summary = "Revoke an invitation (its link stops working)")
    @Access(Role.ADMIN)
    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        Caller caller = current.get();
        return invitations.revoke(caller.workspaceId(), id, clock.instant(), caller.actor()).map(done -> {
            if (!done) {
                throw ApiException.notFound("invitation " + id);
            }
            return Response.noContent().build();
        });
    }
}
