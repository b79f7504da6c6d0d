package io.vigil.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Notification delivery: the relay's pace, retries and limits. */
@ConfigMapping(prefix = "vigil.notify")
public interface NotifyConfig {

    /** Whether this process delivers the outbox (off: it still writes events, other replicas send them). */
    @WithDefault("true")
    boolean relay();

    /**
     * Delays between attempts after the first (which is immediate); after the last one the last delay repeats until
     * {@link #giveUpAfter()}. Each delay gets ±10 % jitter; a receiver's {@code Retry-After} is a minimum.
     */
    @WithDefault("5s,30s,2m,10m,30m,1h")
    List<Duration> retrySchedule();

    /** A delivery still failing this long after its event gives up, and its channel is disabled. */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** Deadline of one send (connect, TLS, answer). */
    @WithDefault("10s")
    Duration timeout();

    /** How often the relay looks for due deliveries. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Sends in flight at once, over all channels. */
    @WithDefault("64")
    int concurrency();

    /** Sends in flight at once to one channel: a slow receiver holds at most this many. */
    @WithDefault("8")
    int perChannelConcurrency();

    /**
     * Grouping: after announcing an outage, a channel gathers further outage announcements for this long and sends
     * them as one message ({@code 0s}: never group).
     */
    @WithDefault("60s")
    Duration groupWindow();

    /** Days before a certificate expires at which {@code certificate.expiring} is sent, once each. */
    @WithDefault("30,14,7,3,1")
    List<Integer> certificateDays();

    /** Notification events and their delivery log are kept this long (pending ones until they finish). */
    @WithDefault("30d")
    Duration keepLog();

    /** How often open incidents are looked at for due reminders (channels' {@code remindMinutes}). */
    @WithDefault("30s")
    Duration reminderCheck();
}
