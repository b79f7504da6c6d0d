package io.vigil.result;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    private static long[] histogramOf(int... latencies) {
        long[] h = new long[LatencyHistogram.BUCKETS];
        for (int ms : latencies) {
            int i = 0;
            while (i < LatencyHistogram.BOUNDS.length && ms >= LatencyHistogram.BOUNDS[i]) {
                i++;
            }
            h[i]++;
        }
        return h;
    }

    @Test
    void quantilesLandInTheRightBucket() {
        int[] samples = new int[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i < 950 ? 42 : 900;
        }
        long[] h = histogramOf(samples);
        assertThat(LatencyHistogram.quantile(h, 0.5)).isBetween(40L, 50L);
        assertThat(LatencyHistogram.quantile(h, 0.99)).isBetween(800L, 1000L);
    }

    @Test
    void emptyIsNullAndTheOpenBucketReportsItsLowerBound() {
        assertThat(LatencyHistogram.quantile(new long[LatencyHistogram.BUCKETS], 0.5)).isNull();
        assertThat(LatencyHistogram.quantile(histogramOf(120_000), 0.99)).isEqualTo(60_000L);
    }
}
