package io.vigil.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.VigilConfig;
import io.vigil.check.CheckChanged;
import io.vigil.check.CheckSpec;
import io.vigil.check.assertion.Condition;
import io.vigil.check.assertion.ConditionSyntaxException;
import io.vigil.core.Quorum;
import io.vigil.region.AgentResource;
import io.vigil.result.ProbeResult;
import io.vigil.result.ResultSink;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code VIGIL_MODE=agent}: this process probes one region for a server. It pulls the checks it owns (conditionally,
 * every {@code vigil.agent.poll}), hands them to the same scheduler and probes as the server uses, spools every
 * result on disk and delivers it in order ({@link AgentUplink}), and reports in with its backlog.
 * It is the scheduler's {@link ResultSink} in agent mode.
 */
@ApplicationScoped
@LookupIfProperty(name = "vigil.mode", stringValue = "agent")
public class AgentRuntime implements ResultSink {

    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);
    private static final String VERSION = "0.1.0";

    @Inject
    VigilConfig config;
    @Inject
    Vertx vertx;
    @Inject
    ObjectMapper mapper;
    @Inject
    Event<CheckChanged> changed;

    private AgentUplink uplink;
    private WebClient client;
    private URI server;
    private String token;
    private String agentId;
    private String etag;
    private final Map<UUID, CheckSpec> checks = new HashMap<>();

    void onStart(@Observes @Priority(200) StartupEvent event) {
        if (!config.agentMode()) {
            return;
        }
        server = URI.create(config.serverUrl().orElseThrow(() ->
                new IllegalStateException("agent mode needs VIGIL_SERVER_URL")));
        token = config.agentToken().orElseThrow(() -> new IllegalStateException("agent mode needs VIGIL_AGENT_TOKEN"));
        agentId = config.agent().id().orElseGet(AgentRuntime::hostname);
        client = WebClient.create(vertx);
        uplink = new AgentUplink(vertx, server, token, agentId,
                new ResultSpool(Path.of(config.agent().spoolDir()), config.agent().spoolMax(), config.agent().batch()), mapper);
        uplink.start(Duration.ofSeconds(1));
        vertx.setPeriodic(0, config.agent().poll().toMillis(), id -> poll());
        vertx.setPeriodic(0, config.agent().heartbeat().toMillis(), id -> heartbeat());
        LOG.infof("Agent %s of region '%s' reporting to %s", agentId, config.region(), server);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (uplink != null) {
            uplink.close();
        }
    }

    @Override
    public void submit(ProbeResult result) {
        uplink.submit(result);
    }

    private void poll() {
        var request = client.requestAbs(HttpMethod.GET, server.resolve("/agent/v1/checks?agent=" + agentId).toString())
                .putHeader("Authorization", "Bearer " + token).timeout(10_000);
        if (etag != null) {
            request.putHeader("If-None-Match", etag);
        }
        request.send().subscribe().with(response -> {
            if (response.statusCode() == 304) {
                return;
            }
            if (response.statusCode() != 200) {
                LOG.warnf("The server answered %d to the check list; keeping the current checks", response.statusCode());
                return;
            }
            try {
                apply(mapper.readValue(response.bodyAsString(), AgentResource.AgentChecks.class));
                etag = response.getHeader("ETag");
            } catch (Exception e) {
                LOG.errorf(e, "Could not read the check list from the server");
            }
        }, failure -> LOG.debugf("Server unreachable for the check list (%s); probing goes on", failure.getMessage()));
    }

    /** Fires one change per added, changed or removed check: the scheduler takes it from there. */
    private synchronized void apply(AgentResource.AgentChecks list) throws ConditionSyntaxException {
        Map<UUID, CheckSpec> fresh = new HashMap<>();
        for (AgentResource.AgentCheck c : list.items()) {
            fresh.put(c.id(), spec(c));
        }
        for (CheckSpec spec : fresh.values()) {
            if (!Objects.equals(checks.get(spec.id()), spec)) {
                changed.fire(new CheckChanged(spec.id(), spec));
            }
        }
        for (UUID id : List.copyOf(checks.keySet())) {
            if (!fresh.containsKey(id)) {
                changed.fire(new CheckChanged(id, null));
            }
        }
        checks.clear();
        checks.putAll(fresh);
    }

    private CheckSpec spec(AgentResource.AgentCheck c) throws ConditionSyntaxException {
        List<Condition> conditions = new ArrayList<>();
        for (String text : c.assertions()) {
            conditions.add(Condition.parse(text));
        }
        return new CheckSpec(c.id(), null, c.id().toString(), c.type(), c.url(), c.method(), Map.copyOf(c.headers()),
                c.body(), Duration.ofSeconds(c.intervalSeconds()), Duration.ofMillis(c.timeoutMs()), c.followRedirects(),
                List.of(config.region()), List.copyOf(conditions), c.degradedAfterMs(), 1, 1, Quorum.MAJORITY, List.of(), null,
                List.of(), null, null, null, false);
    }

    private void heartbeat() {
        uplink.backlog().chain(backlog -> uplink.dropped().chain(dropped -> client
                        .requestAbs(HttpMethod.POST, server.resolve("/agent/v1/heartbeat").toString())
                        .putHeader("Authorization", "Bearer " + token).timeout(10_000)
                        .sendJson(Map.of("agentId", agentId, "version", VERSION, "backlog", backlog, "dropped", dropped))))
                .subscribe().with(r -> { }, e -> LOG.debugf("Heartbeat not delivered: %s", e.getMessage()));
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "agent";
        }
    }

}
