package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import io.vertx.core.dns.MxRecord;
import io.netty.util.NetUtil;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckSpec;
import io.vigil.egress.EgressPolicy;
import io.vigil.egress.ErrorClass;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.GuardedResolver;
import io.vigil.egress.ProbeError;
import io.vigil.egress.SocketSession;
import io.vigil.egress.Timings;
import io.vigil.check.TypeMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import static io.vigil.egress.Timings.millisSince;

/**
 * {@code dns} checks, URL {@code dns://[resolver[:port]]/name?type=A|AAAA|CNAME|MX|TXT|NS}: one query, answers in
 * {@code body} one per line, sorted (MX as {@code "priority host"}), so {@code body contains "1.2.3.4"} works.
 * Without a resolver the query goes to Vert.x's system resolver (the operator's own name server). A resolver given in
 * the URL is a target like any other: it is resolved and checked against the egress policy, and refused addresses
 * are {@link ErrorClass#BLOCKED} without a packet sent. NXDOMAIN or an empty answer is {@link ErrorClass#DNS}; no
 * answer within the timeout is {@link ErrorClass#TIMEOUT}.
 *
 * <p>Timings: {@code dnsMs} from sending the query to the answer, {@code totalMs} the whole probe (including looking
 * up a resolver given by name).
 */
@ApplicationScoped
@CheckType("dns")
public class DnsProbe implements Probe {

    public static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "NS");

    /** A parsed dns:// URL; resolverHost null means the system resolver. */
    public record Query(String resolverHost, int resolverPort, String name, String type) {

        /** Parses the URL, or throws {@link IllegalArgumentException} with a message for people. */
        public static Query parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (Exception e) {
                throw new IllegalArgumentException("'" + url + "' is not a valid URL");
            }
            if (!"dns".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("must be a dns://[resolver[:port]]/name?type=A URL");
            }
            if (uri.getRawAuthority() != null && uri.getHost() == null) {
                throw new IllegalArgumentException("the resolver must be a host name or IP address, optionally with :port");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("must not carry credentials");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            String name = path.startsWith("/") ? path.substring(1) : path;
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty() || name.contains("/") || name.length() > 253) {
                throw new IllegalArgumentException("must name the domain to query: dns://[resolver]/name?type=A");
            }
            String type = null;
            if (uri.getRawQuery() != null) {
                for (String part : uri.getRawQuery().split("&")) {
                    int eq = part.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                    if (k.equals("type")) {
                        type = v.toUpperCase(Locale.ROOT);
                    } else {
                        throw new IllegalArgumentException("unknown parameter '" + k + "'; only type is allowed");
                    }
                }
            }
            if (type == null || !RECORD_TYPES.contains(type)) {
                throw new IllegalArgumentException("needs ?type= one of A, AAAA, CNAME, MX, NS, TXT");
            }
            String host = uri.getHost() == null ? null : GuardedHttpClient.hostOf(uri);
            return new Query(host, uri.getPort() > 0 ? uri.getPort() : 53, name, type);
        }
    }

    private Vertx vertx;
    private EgressPolicy policy;
    private GuardedResolver resolver;

    protected DnsProbe() {
        // for CDI proxies
    }

    @Inject
    public DnsProbe(Vertx vertx, EgressPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
        this.resolver = new GuardedResolver(vertx, policy);
    }

    @Override
    public TypeMembers validate(CheckRequest request, List<FieldError> errors) {
        String url = TypeMembers.url(request);
        if (TargetUrls.parse(url, errors) == null) {
            return TypeMembers.probed(url);
        }
        try {
            Query query = Query.parse(url);
            if (query.resolverHost() != null) {
                TargetUrls.refuseLiteral(query.resolverHost(), "resolver", policy, errors);
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("url", e.getMessage()));
        }
        return TypeMembers.probed(url);
    }

    @Override
    public Uni<ProbeObservation> run(CheckSpec check) {
        Query query;
        try {
            query = Query.parse(check.url());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new ProbeObservation(null, null, null, null, null,
                    new ProbeError(ErrorClass.DNS, "'" + check.url() + "': " + e.getMessage())));
        }
        long timeoutMs = TcpProbe.timeoutMs(check);
        return Uni.createFrom().emitter(emitter -> {
            Context ctx = SocketSession.eventLoopContext(vertx);
            Lookup lookup = new Lookup(query, timeoutMs, emitter::complete);
            emitter.onTermination(() -> ctx.runOnContext(v -> lookup.finish(null, null, null)));
            ctx.runOnContext(v -> lookup.start());
        });
    }

    /** One query, confined to one event-loop context. */
    private final class Lookup {
        private final Query query;
        private final long timeoutMs;
        private final Consumer<ProbeObservation> done;
        private final long startNanos = System.nanoTime();
        private boolean finished;
        private long timerId = -1;
        private DnsClient client;
        private String server = "the system resolver";

        Lookup(Query query, long timeoutMs, Consumer<ProbeObservation> done) {
            this.query = query;
            this.timeoutMs = timeoutMs;
            this.done = done;
        }

        void start() {
            timerId = vertx.setTimer(Math.max(1, timeoutMs), id -> finish(null, null, new ProbeError(ErrorClass.TIMEOUT,
                    "no answer from " + server + " within " + timeoutMs + " ms for " + query.type() + " " + query.name())));
            String lower = query.name().toLowerCase(Locale.ROOT);
            if (lower.equals("invalid") || lower.endsWith(".invalid")) {
                // RFC 6761 §6.4: .invalid names never exist; no name server is asked.
                finish(null, null, new ProbeError(ErrorClass.DNS, query.name() + " does not exist (.invalid names never exist)"));
                return;
            }
            if (query.resolverHost() == null) {
                client = vertx.createDnsClient(new DnsClientOptions().setQueryTimeout(Math.max(1, timeoutMs)));
                ask();
                return;
            }
            resolver.resolve(query.resolverHost(), outcome -> {
                if (finished) {
                    return;
                }
                if (outcome.error() != null) {
                    ProbeError e = outcome.error();
                    finish(null, null, new ProbeError(e.errorClass(), "resolver " + e.message()));
                    return;
                }
                server = GuardedResolver.target(outcome.address(), query.resolverPort());
                long left = Math.max(1, timeoutMs - millisSince(startNanos));
                client = vertx.createDnsClient(new DnsClientOptions()
                        .setHost(NetUtil.toAddressString(outcome.address()))
                        .setPort(query.resolverPort())
                        .setQueryTimeout(left)
                        .setRecursionDesired(true));
                ask();
            });
        }

        private void ask() {
            long sent = System.nanoTime();
            Future<List<String>> answers = switch (query.type()) {
                case "A" -> client.resolveA(query.name());
                case "AAAA" -> client.resolveAAAA(query.name());
                case "CNAME" -> client.resolveCNAME(query.name());
                case "NS" -> client.resolveNS(query.name());
                case "TXT" -> client.resolveTXT(query.name());
                default -> client.resolveMX(query.name()).map(mx -> {
                    List<String> lines = new ArrayList<>();
                    for (MxRecord r : mx) {
                        lines.add(r.priority() + " " + r.name());
                    }
                    return lines;
                });
            };
            answers.onComplete(ar -> {
                Long dnsMs = millisSince(sent);
                if (ar.failed()) {
                    finish(dnsMs, null, classify(ar.cause()));
                } else if (ar.result() == null || ar.result().isEmpty()) {
                    finish(dnsMs, null, new ProbeError(ErrorClass.DNS,
                            "no " + query.type() + " records for " + query.name() + " (the name exists, the answer is empty)"));
                } else {
                    List<String> sorted = new ArrayList<>(ar.result());
                    sorted.sort(null);
                    finish(dnsMs, String.join("\n", sorted), null);
                }
            });
        }

        private ProbeError classify(Throwable t) {
            String what = query.type() + " " + query.name();
            if (t instanceof DnsException d) {
                DnsResponseCode code = d.code();
                if (code == DnsResponseCode.NXDOMAIN) {
                    return new ProbeError(ErrorClass.DNS, query.name() + " does not exist (NXDOMAIN from " + server + ")");
                }
                return new ProbeError(ErrorClass.DNS, server + " answered " + code + " for " + what);
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("timeout") || m.contains("timed out")) {
                return new ProbeError(ErrorClass.TIMEOUT, "no answer from " + server + " for " + what);
            }
            return new ProbeError(ErrorClass.DNS, "query " + what + " to " + server + " failed" + GuardedHttpClient.describe(t));
        }

        void finish(Long dnsMs, String body, ProbeError error) {
            if (finished) {
                return;
            }
            finished = true;
            vertx.cancelTimer(timerId);
            if (client != null) {
                client.close();
            }
            if (body != null || error != null) {
                done.accept(new ProbeObservation(null, null, body,
                        new Timings(dnsMs, null, null, null, millisSince(startNanos)), null, error));
            }
        }
    }
}
