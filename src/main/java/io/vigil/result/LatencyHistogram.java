package io.vigil.result;

/**
 * The fixed latency buckets of every rollup. Bucket {@code i} (0-based) counts latencies in
 * {@code [BOUNDS[i-1], BOUNDS[i])}; the last bucket is open-ended. Must match {@code vigil_latency_bucket} in SQL.
 */
public final class LatencyHistogram {

    public static final int[] BOUNDS = {1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 40, 50, 65, 80, 100, 125, 150, 200, 250, 300,
            400, 500, 650, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000, 20000, 30000, 60000};
    public static final int BUCKETS = BOUNDS.length + 1;

    private LatencyHistogram() {
    }

    /** Adds {@code b} into {@code a} (either may be null); returns a. */
    public static long[] merge(long[] a, Integer[] b) {
        long[] sum = a == null ? new long[BUCKETS] : a;
        if (b != null) {
            for (int i = 0; i < Math.min(b.length, BUCKETS); i++) {
                sum[i] += b[i] == null ? 0 : b[i];
            }
        }
        return sum;
    }

    /**
     * The latency below which {@code q} of the samples fall, interpolated linearly inside the bucket; null without
     * samples. Accuracy is bounded by bucket width (about 25% of the value).
     */
    public static Long quantile(long[] hist, double q) {
        if (hist == null) {
            return null;
        }
        long total = 0;
        for (long c : hist) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < hist.length; i++) {
            if (hist[i] == 0) {
                continue;
            }
            if (seen + hist[i] >= rank) {
                double lower = i == 0 ? 0 : BOUNDS[i - 1];
                if (i >= BOUNDS.length) {
                    return (long) lower;
                }
                double upper = BOUNDS[i];
                double fraction = (rank - seen) / hist[i];
                return Math.round(lower + (upper - lower) * fraction);
            }
            seen += hist[i];
        }
        return (long) BOUNDS[BOUNDS.length - 1];
    }
}
