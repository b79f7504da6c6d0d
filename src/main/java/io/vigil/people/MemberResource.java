package io.vigil.people;

import io.smallrye.mutiny.Uni;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.auth.Access;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.people.MemberService.MemberView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/members}: who belongs to the caller's workspace, with which role. */
@Tag(name = "Members")
@Path("/api/v1/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** Body of {@code PATCH /api/v1/members/{userId}}. */
    public record RoleChange(Role role) {
    }

    @Inject
    MemberService members;
    @Inject
    CurrentCaller current;

    @Operation(summary = "List the workspace's members")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<MemberView>> list() {
        return members.list(current.get()).map(all -> new Page<>(all, null));
    }

    @Operation(summary = "Change a member's role (only an owner grants or changes the owner role)")
    @Access(Role.ADMIN)
    @PATCH
    @Path("{userId}")
    public Uni<MemberView> changeRole(@PathParam("userId") String userId, RoleChange request) {
        return members.changeRole(current.get(), Ids.parse(userId, "member"), request == null ? null : request.role());
    }

    /** Any member may leave; removing someone else needs the admin role (the service checks which case this is). */
    @Operation(summary = "Remove a member, or leave the workspace")
    @Access(Role.VIEWER)
    @DELETE
    @Path("{userId}")
    public Uni<Response> remove(@PathParam("userId") String userId) {
        return members.remove(current.get(), Ids.parse(userId, "member")).map(x -> Response.noContent().build());
    }
}
