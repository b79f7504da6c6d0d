package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.passkey.Passkeys;
import io.vigil.people.Memberships.WorkspaceView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** {@code /api/v1/me}: the caller's own account. */
@Tag(name = "Account")
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeResource {

    private static final int MAX_NAME = 200;

    /** The second factors the account has. */
    public record TwoFactor(boolean totp, int passkeys) {
    }

    /** The caller's account and the workspaces they can act in (a token: its own only). */
    public record MeView(UUID id, String email, String name, boolean instanceAdmin, TwoFactor twoFactor,
                         List<WorkspaceView> workspaces) {
    }

    /** Body of {@code PATCH /api/v1/me}. */
    public record MeRequest(String name) {
    }

    @Inject
    Pool pool;
    @Inject
    CurrentCaller current;
    @Inject
    WorkspaceService workspaces;
    @Inject
    Passkeys passkeys;

    @Operation(summary = "Your account")
    @Access(scope = Access.Scope.PERSONAL)
    @GET
    public Uni<MeView> get() {
        Caller caller = current.get();
        return pool.preparedQuery("SELECT id, email, name, instance_admin, totp_enabled_at IS NOT NULL FROM users WHERE id = $1")
                .execute(Tuple.of(caller.userId()))
                .chain(rows -> {
                    Row u = rows.iterator().next();
                    return passkeys.count(caller.userId()).chain(count -> workspaces.mine(caller).map(mine ->
                            new MeView(u.getUUID(0), u.getString(1), u.getString(2), u.getBoolean(3),
                                    new TwoFactor(u.getBoolean(4), count), mine)));
                });
    }

    @Operation(summary = "Change your display name")
    @Access(scope = Access.Scope.PERSONAL)
    @PATCH
    public Uni<MeView> update(MeRequest request) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw ApiException.invalid("name", "is required");
        }
        String name = request.name().trim();
        if (name.length() > MAX_NAME) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        return pool.preparedQuery("UPDATE users SET name = $2 WHERE id = $1")
                .execute(Tuple.of(current.get().userId(), name))
                .chain(this::get);
    }
}
