package io.vigil.statuspage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles password guesses on protected status pages: at most {@link #MAX_FAILURES} failed (or still running)
 * attempts per page and client within a sliding {@link #WINDOW}; beyond that, the next attempt waits until the oldest
 * leaves the window. In memory, per process; at most {@link #MAX_KEYS} (page, client) pairs are tracked. IPv6 clients
 * are counted per /64 (one subscriber's usual allocation), so rotating addresses within it does not help.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_KEYS = 50_000;

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    @Inject
    Clock clock;

    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    /**
     * Counts an attempt before the password is checked (so parallel guesses count too). Empty when it may proceed;
     * else how long until the next attempt is allowed (at least one second).
     */
    public Optional<Duration> attempt(UUID pageId, String client) {
        String key = pageId + "|" + clientKey(client);
        Instant now = clock.instant();
        Instant horizon = now.minus(WINDOW);
        if (attempts.size() >= MAX_KEYS && !attempts.containsKey(key)) {
            makeRoom(horizon);
        }
        Duration[] wait = new Duration[1];
        attempts.compute(key, (k, q) -> {
            Deque<Instant> times = q == null ? new ArrayDeque<>() : q;
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.pollFirst();
            }
            if (times.size() >= MAX_FAILURES) {
                Duration left = Duration.between(now, times.peekFirst().plus(WINDOW));
                wait[0] = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
            } else {
                times.addLast(now);
            }
            return times;
        });
        return Optional.ofNullable(wait[0]);
    }

    /** The right password: the client's count for this page starts over. */
    public void succeeded(UUID pageId, String client) {
        attempts.remove(pageId + "|" + clientKey(client));
    }

    int tracked() {
        return attempts.size();
    }

    private void makeRoom(Instant horizon) {
        for (String key : attempts.keySet()) {
            attempts.computeIfPresent(key, (k, q) -> {
                Instant last = q.peekLast();
                return last == null || !last.isAfter(horizon) ? null : q;
            });
        }
        if (attempts.size() >= MAX_KEYS) {
            // Flooded from more clients than we track: forget arbitrary ones rather than grow without bound.
            LOG.warnf("More than %d clients guessing status-page passwords within %s; forgetting some", MAX_KEYS, WINDOW);
            Iterator<String> it = attempts.keySet().iterator();
            while (attempts.size() > MAX_KEYS * 3 / 4 && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    /** The client as counted: an IPv4 address as is, an IPv6 address by its /64 prefix. */
    static String clientKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "?" : address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            return address;
        }
        try {
            byte[] b = InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
            if (b.length != 16) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(String.format("%x", ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
