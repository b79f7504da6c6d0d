package io.vigil.region;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRegistry;
import io.vigil.check.CheckSpec;
import io.vigil.check.assertion.Condition;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultIngest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The protocol region agents speak: pull the checks this agent owns (conditional by ETag), push results in batches
 * (a replay is accepted and changes nothing), and report in. The region comes from the token, never from the body.
 */
@Tag(name = "Agents")
@Path("/agent/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** A check as an agent runs it. */
    public record AgentCheck(UUID id, String type, String url, String method, Map<String, String> headers, String body,
                             long intervalSeconds, long timeoutMs, boolean followRedirects, List<String> assertions,
                             Integer degradedAfterMs) {
        static AgentCheck of(CheckSpec c) {
            return new AgentCheck(c.id(), c.type(), c.url(), c.method(), c.headers(), c.body(), c.interval().toSeconds(),
                    c.timeout().toMillis(), c.followRedirects(), c.conditions().stream().map(Condition::text).toList(),
                    c.degradedAfterMs());
        }
    }

    /** The checks an agent owns now. */
    public record AgentChecks(String region, List<String> liveAgents, List<AgentCheck> items) {
    }

    /** A batch of results from one agent. */
    public record ResultBatch(String agentId, List<ProbeResult> results) {
    }

    /** What became of a batch: new rows, replays that changed nothing, and results refused. */
    public record BatchOutcome(int accepted, int duplicates, int refused) {
    }

    /** What an agent says about itself. */
    public record Heartbeat(String agentId, String version, Long backlog, Long dropped) {
    }

    @Inject
    CurrentAgent current;
    @Inject
    RegionService regions;
    @Inject
    CheckRegistry registry;
    @Inject
    ResultIngest ingest;
    @Inject
    RegionsConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry meters;
    @Inject
    Clock clock;

    @Operation(summary = "Fetch the region's checks")
    @GET
    @Path("checks")
    public Uni<Response> checks(@QueryParam("agent") String agentId, @HeaderParam("If-None-Match") String ifNoneMatch) {
        CurrentAgent.Identity agent = current.get();
        String self = agentId(agentId, "agent");
        return regions.liveAgents(agent.workspaceId(), agent.region()).map(live -> {
            List<String> members = new ArrayList<>(live);
            if (!members.contains(self)) {
                members.add(self);
                members.sort(Comparator.naturalOrder());
            }
            List<AgentCheck> mine = registry.all().stream()
                    .filter(c -> c.workspaceId().equals(agent.workspaceId()) && c.regions().contains(agent.region()))
                    .filter(c -> !c.paused() && !"heartbeat".equals(c.type()))
                    .filter(c -> self.equals(Assignment.owner(c.id(), members)))
                    .sorted(Comparator.comparing(CheckSpec::id))
                    .map(AgentCheck::of)
                    .toList();
            AgentChecks body = new AgentChecks(agent.region(), members, mine);
            EntityTag tag = new EntityTag(digest(body));
            if (ifNoneMatch != null && ifNoneMatch.replace("\"", "").trim().equals(tag.getValue())) {
                return Response.notModified(tag).build();
            }
            return Response.ok(body).tag(tag).build();
        });
    }

    @Operation(summary = "Submit a batch of probe results")
    @POST
    @Path("results")
    public Uni<BatchOutcome> results(ResultBatch batch) {
        CurrentAgent.Identity agent = current.get();
        if (batch == null || batch.results() == null) {
            throw ApiException.invalid("results", "is required");
        }
        agentId(batch.agentId(), "agentId");
        if (batch.results().size() > config.maxBatch()) {
            throw new ApiException(413, "Batch too large", "at most " + config.maxBatch() + " results per batch", null, null);
        }
        validate(batch.results(), agent.region());
        Instant latest = clock.instant().plus(config.maxClockSkew());
        List<ProbeResult> accepted = new ArrayList<>();
        int refused = 0;
        for (ProbeResult r : batch.results()) {
            CheckSpec check = registry.get(r.checkId());
            boolean assigned = check != null && check.workspaceId().equals(agent.workspaceId())
                    && check.regions().contains(agent.region());
            if (!assigned || r.scheduledAt().isAfter(latest)) {
                refused++;
                continue;
            }
            accepted.add(new ProbeResult(null, r.checkId(), agent.workspaceId(), agent.region(), r.scheduledAt(),
                    r.startedAt(), r.outcome(), r.statusCode(), r.latencyMs(), r.error(), r.timings(), r.assertions(), r.tls()));
        }
        if (refused > 0) {
            Counter.builder("vigil_agent_results_refused_total")
                    .description("Agent results refused (unknown check, not the agent's region, slot too far ahead)")
                    .tag("region", agent.region()).register(meters).increment(refused);
        }
        int refusedCount = refused;
        return ingest.store(accepted).map(inserted ->
                new BatchOutcome(inserted.size(), accepted.size() - inserted.size(), refusedCount));
    }

    @Operation(summary = "Report an agent heartbeat")
    @POST
    @Path("heartbeat")
    public Uni<Response> heartbeat(Heartbeat beat) {
        CurrentAgent.Identity agent = current.get();
        if (beat == null) {
            throw ApiException.invalid("agentId", "is required");
        }
        String id = agentId(beat.agentId(), "agentId");
        if (beat.version() != null && beat.version().length() > 100) {
            throw ApiException.invalid("version", "must be at most 100 characters");
        }
        return regions.heartbeat(agent.workspaceId(), agent.region(), id, beat.version(),
                        beat.backlog() == null ? 0 : beat.backlog(), beat.dropped() == null ? 0 : beat.dropped())
                .map(x -> Response.noContent().build());
    }

    /** Every result is checked before any is written, so a bad batch leaves nothing half-applied. */
    private static void validate(List<ProbeResult> results, String region) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < results.size() && errors.size() < 20; i++) {
            ProbeResult r = results.get(i);
            if (r == null) {
                errors.add(new FieldError("results[" + i + "]", "must be an object"));
                continue;
            }
            if (r.checkId() == null) {
                errors.add(new FieldError("results[" + i + "].checkId", "is required"));
            }
            if (r.scheduledAt() == null) {
                errors.add(new FieldError("results[" + i + "].scheduledAt", "is required"));
            }
            if (r.outcome() == null) {
                errors.add(new FieldError("results[" + i + "].outcome", "is required"));
            }
            if (r.region() != null && !r.region().equals(region)) {
                throw ApiException.forbidden("this token is for region '" + region + "', not '" + r.region() + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static String agentId(String id, String field) {
        if (id == null || !AGENT_ID.matcher(id).matches()) {
            throw ApiException.invalid(field, "must be 1 to 100 letters, digits, dots, dashes or underscores");
        }
        return id;
    }

    private String digest(Object body) {
        try {
            byte[] json = mapper.writeValueAsBytes(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
