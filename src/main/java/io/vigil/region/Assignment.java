package io.vigil.region;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Which live agent of a region probes which check: rendezvous hashing (highest random weight). Every agent computes
 * the same answer from the same membership, a check moves only when its agent dies or a new agent wins it, and no
 * check is given to two agents. Pure.
 */
public final class Assignment {

    private Assignment() {
    }

    /** The agent (of {@code liveAgents}) that owns {@code checkId}, or null without live agents. */
    public static String owner(UUID checkId, List<String> liveAgents) {
        String best = null;
        long bestWeight = Long.MIN_VALUE;
        for (String agent : liveAgents) {
            long w = weight(checkId, agent);
            if (best == null || w > bestWeight || (w == bestWeight && agent.compareTo(best) < 0)) {
                best = agent;
                bestWeight = w;
            }
        }
        return best;
    }

    private static long weight(UUID checkId, String agent) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(checkId.toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(agent.getBytes(StandardCharsets.UTF_8));
            byte[] d = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
