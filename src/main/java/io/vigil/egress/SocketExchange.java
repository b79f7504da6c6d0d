package io.vigil.egress;

/**
 * What happened on one raw socket session ({@link SocketSession}). Network failures are data here ({@link #error()}),
 * never exceptions.
 *
 * @param body    the bytes read back (UTF-8), up to the plan's cap; null when nothing was read
 * @param timings phase timings; see {@link SocketSession} for how each is measured
 * @param tls     the leaf certificate for TLS sessions, or null
 * @param error   the classified failure, or null when the session did what its plan asked
 */
public record SocketExchange(String body, Timings timings, TlsInfo tls, ProbeError error) {

    public SocketExchange {
        timings = timings == null ? Timings.NONE : timings;
    }
}
