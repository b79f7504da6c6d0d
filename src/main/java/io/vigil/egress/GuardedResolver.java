package io.vigil.egress;

import io.netty.util.NetUtil;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way every outbound connection turns a host name into an address it may connect to: hosts spelled so that
 * parsers disagree on the address are refused ({@link HostForms}), IP literals are taken as they are,
 * {@code .invalid} names fail without a query, other names go through Vert.x's own non-blocking (Netty) resolver,
 * and the resulting address must pass {@link EgressPolicy#refusal(InetAddress)}. Callers connect to exactly the
 * returned address, so DNS rebinding between the check and the connect cannot redirect them.
 */
public final class GuardedResolver {

    /**
     * Where resolution ended: an allowed address, or an error ({@link ErrorClass#DNS} or {@link ErrorClass#BLOCKED}).
     * {@code dnsMs} is the resolver's time, null for IP literals and names that were never looked up.
     */
    public record Outcome(InetAddress address, Long dnsMs, ProbeError error) {
    }

    private final Vertx vertx;
    private final EgressPolicy policy;

    public GuardedResolver(Vertx vertx, EgressPolicy policy) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public EgressPolicy policy() {
        return policy;
    }

    /**
     * Resolves {@code host} (brackets already stripped) and checks the address. {@code done} runs exactly once:
     * synchronously for literals and {@code .invalid}, otherwise on the caller's Vert.x context.
     */
    public void resolve(String host, Consumer<Outcome> done) {
        Optional<String> spelling = HostForms.refusal(host);
        if (spelling.isPresent()) {
            // Parsers disagree on what such a host means; no lookup, no connection.
            done.accept(new Outcome(null, null, new ProbeError(ErrorClass.BLOCKED, spelling.get())));
            return;
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            done.accept(check(literal, null, host, null));
            return;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("invalid") || lower.endsWith(".invalid") || lower.endsWith(".invalid.")) {
            // RFC 6761 §6.4: resolvers must answer "no such name" for .invalid without querying anything.
            done.accept(new Outcome(null, null,
                    new ProbeError(ErrorClass.DNS, host + " does not resolve (.invalid names never exist)")));
            return;
        }
        long dnsStart = System.nanoTime();
        ((VertxInternal) vertx).resolveAddress(host, ar -> {
            long dnsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dnsStart);
            if (ar.failed()) {
                done.accept(new Outcome(null, dnsMs, new ProbeError(ErrorClass.DNS, dnsMessage(host, ar.cause()))));
            } else {
                done.accept(check(ar.result(), dnsMs, host, host));
            }
        });
    }

    /** Checks an address that was not looked up by name (e.g. an explicit DNS resolver address). */
    public Optional<ProbeError> refusal(InetAddress address) {
        return policy.refusal(address).map(why -> new ProbeError(ErrorClass.BLOCKED, why));
    }

    private Outcome check(InetAddress address, Long dnsMs, String host, String resolvedFrom) {
        Optional<String> refusal = policy.refusal(address);
        if (refusal.isPresent()) {
            String prefix = resolvedFrom != null ? host + " resolved to " + NetUtil.toAddressString(address) + ": " : "";
            return new Outcome(null, dnsMs, new ProbeError(ErrorClass.BLOCKED, prefix + refusal.get()));
        }
        return new Outcome(address, dnsMs, null);
    }

    /** {@code ip:port}, IPv6 in brackets. */
    public static String target(InetAddress address, int port) {
        String ip = NetUtil.toAddressString(address);
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    static String dnsMessage(String host, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("timed out") || m.contains("timeout")) {
                return "DNS lookup for " + host + " timed out (no answer from the name server)";
            }
            if (c instanceof UnknownHostException && m.contains("nxdomain")) {
                return host + " does not resolve (no such domain)";
            }
        }
        return host + " could not be resolved (no address found)";
    }
}
