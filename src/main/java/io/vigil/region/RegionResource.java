package io.vigil.region;

import io.smallrye.mutiny.Uni;
import io.vigil.api.Page;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
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

import java.net.URI;

/** {@code /api/v1/regions}: where checks probe from, and the tokens their agents use. */
@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegionResource {

    @Inject
    RegionService regions;
    @Inject
    CurrentCaller current;

    @POST
    public Uni<Response> create(RegionService.CreateRegion request) {
        return regions.create(current.get().require(Role.ADMIN), request)
                .map(v -> Response.created(URI.create("/api/v1/regions/" + v.name())).entity(v).build());
    }

    @GET
    public Uni<Page<RegionView>> list() {
        return regions.list(current.get());
    }

    @GET
    @Path("{name}")
    public Uni<RegionView> get(@PathParam("name") String name) {
        return regions.get(current.get(), name);
    }

    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return regions.delete(current.get().require(Role.ADMIN), name).map(x -> Response.noContent().build());
    }

    /** A new agent token for the region, shown once. */
    @POST
    @Path("{name}/tokens")
    public Uni<Response> token(@PathParam("name") String name) {
        return regions.createToken(current.get().require(Role.ADMIN), name)
                .map(t -> Response.created(URI.create("/api/v1/regions/" + name + "/tokens/" + t.id())).entity(t).build());
    }

}
