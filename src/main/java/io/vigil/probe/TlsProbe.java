package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckSpec;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.GuardedResolver;
import io.vigil.egress.HandshakeTimingEngineOptions;
import io.vigil.egress.ProbeError;
import io.vigil.egress.SocketSession;
import io.vigil.check.TypeMembers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tls} checks, URL {@code tls://host[:port]} (port 443 by default): resolve and egress-check the host, connect
 * to the checked address and complete a TLS handshake with SNI = host, full chain verification and hostname
 * verification (never trust-all). Reports the leaf certificate in {@code tls} (days left, subject, issuer) and the
 * handshake separately from the TCP connect. A certificate that verifies is not an error, however soon it expires:
 * {@code tls.days_left > 14} assertions judge that. Trust anchors are the guarded HTTP client's (JVM default unless
 * configured), so {@code http} and {@code tls} checks trust the same authorities.
 */
@ApplicationScoped
@CheckType("tls")
public class TlsProbe implements Probe {

    static final int DEFAULT_PORT = 443;

    private Vertx vertx;
    private EgressPolicy policy;
    private GuardedResolver resolver;
    private NetClient client;

    protected TlsProbe() {
        // for CDI proxies
    }

    @Inject
    public TlsProbe(Vertx vertx, GuardedHttpClient http) {
        this(vertx, http.policy(), http.options());
    }

    public TlsProbe(Vertx vertx, EgressPolicy policy, GuardedHttpClient.Options options) {
        this.vertx = vertx;
        this.policy = policy;
        this.resolver = new GuardedResolver(vertx, policy);
        GuardedHttpClient.Options o = options == null ? GuardedHttpClient.Options.defaults() : options;
        NetClientOptions net = new NetClientOptions()
                .setSsl(true)
                .setTrustAll(false)                        // never: the chain is always verified...
                .setHostnameVerificationAlgorithm("HTTPS") // ...and so is the host name (the URL's, not the IP)
                .setSslEngineOptions(new HandshakeTimingEngineOptions())   // splits connect from TLS time
                // Backstops only: the per-check deadline is what callers see.
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, o.defaultTimeout().toMillis() * 2))
                .setSslHandshakeTimeout(o.defaultTimeout().toMillis() * 2)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (o.trustOptions() != null) {
            net.setTrustOptions(o.trustOptions());
        }
        this.client = vertx.createNetClient(net);
    }

    @Override
    public TypeMembers validate(CheckRequest request, List<FieldError> errors) {
        String url = TypeMembers.url(request);
        TargetUrls.endpoint(url, "tls", "tls://host[:port]", false, policy, errors);
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
        if (!"tls".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return invalid(check.url());
        }
        int port = url.getPort() > 0 ? url.getPort() : DEFAULT_PORT;
        SocketSession.Plan plan = new SocketSession.Plan(GuardedHttpClient.hostOf(url), port, TcpProbe.timeoutMs(check),
                null, false, 0);
        return SocketSession.run(vertx, resolver, client, true, plan).map(ProbeObservation::of);
    }

    private static Uni<ProbeObservation> invalid(String url) {
        return Uni.createFrom().item(new ProbeObservation(null, null, null, null, null,
                new ProbeError(ErrorClass.TLS, "'" + url + "' is not a tls://host[:port] URL")));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
