package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckSpec;
import io.vigil.check.TypeMembers;
import io.vigil.check.assertion.Condition;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.GuardedResolver;
import io.vigil.egress.ProbeError;
import io.vigil.egress.SocketSession;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code tcp} checks, URL {@code tcp://host:port}: resolve and egress-check the host, connect to the checked address.
 * When the check has a {@code body} it is written as-is (UTF-8); when it sends something, or its assertions look at
 * {@code body}/{@code json}/{@code timing.first_byte}, the first chunk the server sends back (a banner or a reply, at
 * most 64 KiB) becomes the observation's body. No bytes before the timeout is {@link ErrorClass#TIMEOUT}; the server
 * closing without sending any is {@link ErrorClass#CONNECT}. Status is always null.
 */
@ApplicationScoped
@CheckType("tcp")
public class TcpProbe implements Probe {

    static final int MAX_READ_BYTES = 64 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Vertx vertx;
    private EgressPolicy policy;
    private GuardedResolver resolver;
    private NetClient client;

    protected TcpProbe() {
        // for CDI proxies
    }

    @Inject
    public TcpProbe(Vertx vertx, EgressPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
        this.resolver = new GuardedResolver(vertx, policy);
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) DEFAULT_TIMEOUT.toMillis() * 2));   // backstop; the check's deadline rules
    }

    @Override
    public TypeMembers validate(CheckRequest request, List<FieldError> errors) {
        String url = TypeMembers.url(request);
        TargetUrls.endpoint(url, "tcp", "tcp://host:port", true, policy, errors);
        return TypeMembers.probed(url);
    }

    @Override
    public Uni<ProbeObservation> run(CheckSpec check) {
        URI url;
        try {
            url = URI.create(check.url());
        } catch (IllegalArgumentException e) {
            return invalid(check.url());
        }
        if (!"tcp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getPort() <= 0) {
            return invalid(check.url());
        }
        String send = check.body();
        boolean read = (send != null && !send.isEmpty()) || readsResponse(check.conditions());
        SocketSession.Plan plan = new SocketSession.Plan(GuardedHttpClient.hostOf(url), url.getPort(), timeoutMs(check),
                send == null || send.isEmpty() ? null : Buffer.buffer(send.getBytes(StandardCharsets.UTF_8)),
                read, MAX_READ_BYTES);
        return SocketSession.run(vertx, resolver, client, false, plan).map(ProbeObservation::of);
    }

    /** Whether any assertion needs bytes from the server. */
    static boolean readsResponse(List<Condition> conditions) {
        if (conditions == null) {
            return false;
        }
        for (Condition c : conditions) {
            String s = c.subject();
            if (s.equals("body") || s.startsWith("json ") || s.equals("timing.first_byte")) {
                return true;
            }
        }
        return false;
    }

    static long timeoutMs(CheckSpec check) {
        Duration t = check.timeout();
        return t == null || t.isZero() || t.isNegative() ? DEFAULT_TIMEOUT.toMillis() : Math.max(1, t.toMillis());
    }

    private static Uni<ProbeObservation> invalid(String url) {
        return Uni.createFrom().item(new ProbeObservation(null, null, null, null, null,
                new ProbeError(ErrorClass.CONNECT, "'" + url + "' is not a tcp://host:port URL")));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
