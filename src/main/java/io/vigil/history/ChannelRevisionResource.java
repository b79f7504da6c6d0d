package io.vigil.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.Ids;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.audit.Revisions;
import io.vigil.audit.Revisions.RevisionView;
import io.vigil.auth.Access;
import io.vigil.auth.Caller;
import io.vigil.auth.CurrentCaller;
import io.vigil.auth.Role;
import io.vigil.notify.ChannelService;
import io.vigil.notify.ChannelView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/channels/{id}/revisions}: a channel's saved settings, and putting one back. Revisions hold no
 * secrets, so a restored channel keeps the secrets it has now.
 */
@Tag(name = "Channels")
@Path("/api/v1/channels/{id}/revisions")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelRevisionResource {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Inject
    ChannelService channels;
    @Inject
    Revisions revisions;
    @Inject
    CurrentCaller current;
    @Inject
    ObjectMapper mapper;

    @Operation(summary = "List a channel's revisions")
    @Access(Role.VIEWER)
    @GET
    public Uni<Page<RevisionView>> list(@PathParam("id") String id, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor) {
        Caller caller = current.get();
        UUID channelId = Ids.parse(id, "channel");
        int n = Paging.limit(limit);
        Paging.Position after = Paging.decode(cursor);
        return channels.find(caller, channelId)
                .chain(() -> revisions.list(caller.workspaceId(), Revisions.CHANNEL, channelId, n, after));
    }

    @Operation(summary = "Restore a channel's revision")
    @Access(Role.ADMIN)
    @POST
    @Path("{revision}/restore")
    public Uni<ChannelView> restore(@PathParam("id") String id, @PathParam("revision") String revision) {
        Caller caller = current.get();
        UUID channelId = Ids.parse(id, "channel");
        int number = RevisionNumbers.parse(revision);
        return channels.find(caller, channelId)
                .chain(() -> revisions.view(caller.workspaceId(), Revisions.CHANNEL, channelId, number))
                .chain(view -> {
                    if (view == null) {
                        throw ApiException.notFound("revision " + number + " of channel " + channelId);
                    }
                    return channels.restore(caller, channelId, mapper.convertValue(view, OBJECT));
                });
    }
}
