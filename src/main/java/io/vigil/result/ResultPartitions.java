package io.vigil.result;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Day partitions of {@code check_results} and {@code rollups_minute}: created ahead of need, dropped past retention.
 * Retention is a metadata operation (DROP TABLE), never a DELETE of raw rows.
 */
@ApplicationScoped
public class ResultPartitions {

    private static final Logger LOG = Logger.getLogger(ResultPartitions.class);
    static final List<String> PARENTS = List.of("check_results", "rollups_minute");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Inject
    Pool pool;
    @Inject
    ResultsConfig config;
    @Inject
    Clock clock;

    /** Partition names known to exist, so the hot path asks the database nothing. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Makes sure both partitioned tables accept rows for every day of {@code instants}. */
    public Uni<Void> ensureFor(Collection<Instant> instants) {
        Set<LocalDate> missing = new TreeSet<>();
        for (Instant at : instants) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            if (!known.contains(name(PARENTS.get(0), day)) || !known.contains(name(PARENTS.get(1), day))) {
                missing.add(day);
            }
        }
        return missing.isEmpty() ? Uni.createFrom().voidItem() : Multi.createFrom().iterable(missing)
                .onItem().transformToUniAndConcatenate(this::create).collect().last().replaceWithVoid();
    }

    /** Creates partitions from yesterday to {@code partitionsAhead} days ahead and drops expired ones. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.vigil.ServerOnly.class)
    public Uni<Void> maintain() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Instant> days = new ArrayList<>();
        for (int d = -1; d <= config.partitionsAhead(); d++) {
            days.add(today.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return ensureFor(days)
                .chain(() -> dropBefore("check_results", today.minusDays(config.retention().toDays())))
                .chain(() -> dropBefore("rollups_minute", today.minusDays(config.minuteRetention().toDays())))
                .chain(() -> pool.preparedQuery("DELETE FROM rollups_hour WHERE bucket < $1")
                        .execute(Tuple.of(at(today.minusDays(config.hourRetention().toDays())))))
                .chain(() -> pool.preparedQuery("DELETE FROM rollups_day WHERE bucket < $1")
                        .execute(Tuple.of(at(today.minusDays(config.dayRetention().toDays())))))
                .replaceWithVoid();
    }

    /** The days that currently have a partition of {@code parent}, oldest first. */
    public Uni<List<LocalDate>> days(String parent) {
        return pool.preparedQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1 ORDER BY c.relname")
                .execute(Tuple.of(parent))
                .map(rows -> {
                    List<LocalDate> days = new ArrayList<>();
                    for (Row row : rows) {
                        String name = row.getString(0);
                        days.add(LocalDate.parse(name.substring(name.length() - 8), SUFFIX));
                    }
                    return days;
                });
    }

    /** Whether a result for this slot may still be stored (not older than raw retention). */
    public boolean withinRetention(Instant scheduledAt) {
        LocalDate oldest = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(config.retention().toDays());
        return !LocalDate.ofInstant(scheduledAt, ZoneOffset.UTC).isBefore(oldest);
    }

    private Uni<Void> create(LocalDate day) {
        String from = day.toString() + " 00:00:00+00";
        String to = day.plusDays(1).toString() + " 00:00:00+00";
        return Multi.createFrom().iterable(PARENTS)
                .onItem().transformToUniAndConcatenate(parent -> pool.query(
                                "CREATE TABLE IF NOT EXISTS " + name(parent, day) + " PARTITION OF " + parent
                                        + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')").execute()
                        .onFailure(this::alreadyExists).recoverWithNull())
                .collect().last()
                .invoke(() -> PARENTS.forEach(parent -> known.add(name(parent, day))))
                .replaceWithVoid();
    }

    private Uni<Void> dropBefore(String parent, LocalDate oldestKept) {
        return days(parent).chain(days -> Multi.createFrom().iterable(days)
                .filter(day -> day.isBefore(oldestKept))
                .onItem().transformToUniAndConcatenate(day -> {
                    LOG.infof("Dropping partition %s (past retention)", name(parent, day));
                    known.remove(name(parent, day));
                    return pool.query("DROP TABLE IF EXISTS " + name(parent, day)).execute();
                })
                .collect().last().replaceWithVoid());
    }

    /** Another replica created the same partition between our check and our statement. */
    private boolean alreadyExists(Throwable t) {
        return t instanceof PgException pg && ("42P07".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()));
    }

    static String name(String parent, LocalDate day) {
        return parent + "_" + SUFFIX.format(day);
    }

    private static java.time.OffsetDateTime at(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
