package io.vigil.statuspage;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.core.CheckStatus;
import io.vigil.incident.IncidentPhase;
import io.vigil.incident.PublicIncident;
import io.vigil.incident.PublicIncidents;
import io.vigil.result.DailyUptime;
import io.vigil.result.HourlyLatency;
import io.vigil.result.RecentUptime;
import io.vigil.result.RollupReads;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;
import io.vigil.verdict.CurrentVerdict;
import io.vigil.verdict.CurrentVerdicts;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read models a status page is built from (offered by result, verdict and incident), against real PostgreSQL;
 * and that statuspage reads other features' data through them only.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StatusPageReadModelsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;
    @Inject
    RollupReads rollups;
    @Inject
    CurrentVerdicts verdicts;
    @Inject
    PublicIncidents incidents;

    @Test
    void rollupsAsNamedRecords() {
        UUID check = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant today = hour.truncatedTo(ChronoUnit.DAYS);
        String insert = """
                INSERT INTO rollups_%s (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, '{}')""";
        pool.withTransaction(c -> c.preparedQuery(insert.formatted("day")).executeBatch(List.of(
                                Tuple.of(check, "eu", today.atOffset(ZoneOffset.UTC), workspace, 90, 5).addInteger(5).addLong(0L).addInteger(0),
                                Tuple.of(check, "us", today.atOffset(ZoneOffset.UTC), workspace, 100, 0).addInteger(0).addLong(0L).addInteger(0),
                                Tuple.of(check, "eu", today.minus(100, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC), workspace, 1, 0).addInteger(9).addLong(0L).addInteger(0),
                                Tuple.of(other, "eu", today.atOffset(ZoneOffset.UTC), workspace, 1, 0).addInteger(1).addLong(0L).addInteger(0)))
                        .chain(x -> c.preparedQuery(insert.formatted("hour")).executeBatch(List.of(
                                Tuple.of(check, "eu", hour.atOffset(ZoneOffset.UTC), workspace, 10, 0).addInteger(0).addLong(1000L).addInteger(10),
                                Tuple.of(check, "eu", hour.minus(2, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC), workspace, 0, 0).addInteger(4).addLong(400L).addInteger(4),
                                Tuple.of(check, "us", hour.minus(20, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC), workspace, 6, 0).addInteger(0).addLong(60L).addInteger(6)))))
                .await().atMost(WAIT);

        List<DailyUptime> days = rollups.daily(List.of(check), LocalDate.ofInstant(today.minus(89, ChronoUnit.DAYS), ZoneOffset.UTC))
                .await().atMost(WAIT);
        assertThat(days).containsExactly(new DailyUptime(check, LocalDate.ofInstant(today, ZoneOffset.UTC), 195, 5));

        RecentUptime recent = rollups.recent(List.of(check), hour).await().atMost(WAIT).get(check);
        assertThat(recent.last24h()).isEqualTo(new RecentUptime.Counts(10, 0));
        assertThat(recent.last7d()).isEqualTo(new RecentUptime.Counts(10, 4));
        assertThat(recent.last30d()).isEqualTo(new RecentUptime.Counts(16, 4));

        List<HourlyLatency> latency = rollups.hourlyLatency(List.of(check), hour.minus(23, ChronoUnit.HOURS)).await().atMost(WAIT);
        assertThat(latency).containsExactly(new HourlyLatency(check, "eu", hour, 1000, 10));
    }

    @Test
    void verdictsAndIncidentsAsNamedRecords() {
        String token = Tenants.workspaceWithToken(pool);
        try (Receiver receiver = new Receiver()) {
            PublicPageFixture fixture = new PublicPageFixture(token);
            String check = fixture.check("API", receiver);
            fixture.awaitStatus(check, "up");
            UUID checkId = UUID.fromString(check);
            Map<UUID, CurrentVerdict> found = verdicts.of(List.of(checkId, UUID.randomUUID())).await().atMost(WAIT);
            assertThat(found).containsOnlyKeys(checkId);
            assertThat(found.get(checkId).status()).isEqualTo(CheckStatus.UP);
            assertThat(found.get(checkId).failingRegions()).isEmpty();

            String manual = fixture.incident("Slow checkout", "Looking into it");
            fixture.update(manual, "identified", "A bad deploy");
            UUID workspace = pool.preparedQuery("SELECT workspace_id FROM checks WHERE id = $1").execute(Tuple.of(checkId))
                    .await().atMost(WAIT).iterator().next().getUUID(0);
            // an automatic incident whose check was deleted belongs to no page
            UUID orphan = UUID.randomUUID();
            pool.preparedQuery("""
                            INSERT INTO incidents (id, workspace_id, check_id, title, state, phase, impact, regions, started_at, automatic)
                            VALUES ($1, $2, NULL, 'gone is down', 'open', 'investigating', 'major', '{}', now(), true)""")
                    .execute(Tuple.of(orphan, workspace)).await().atMost(WAIT);

            List<PublicIncident> current = incidents.current(workspace, List.of(checkId), Instant.now().minus(1, ChronoUnit.DAYS), 10)
                    .await().atMost(WAIT);
            assertThat(current).extracting(PublicIncident::id).containsExactly(UUID.fromString(manual));
            PublicIncident incident = current.get(0);
            assertThat(incident.automatic()).isFalse();
            assertThat(incident.phase()).isEqualTo(IncidentPhase.IDENTIFIED);
            assertThat(incident.updates()).extracting(PublicIncident.Update::message).containsExactly("A bad deploy", "Looking into it");
            assertThat(incidents.one(workspace, List.of(checkId), UUID.fromString(manual)).await().atMost(WAIT)).contains(incident);
            assertThat(incidents.one(UUID.randomUUID(), List.of(checkId), UUID.fromString(manual)).await().atMost(WAIT)).isEmpty();
            assertThat(incidents.one(workspace, List.of(checkId), orphan).await().atMost(WAIT)).isEmpty();
            assertThat(incidents.resolvedBefore(workspace, List.of(checkId), Instant.now().plusSeconds(5), 10).await().atMost(WAIT)).isEmpty();
            Api.as(token).delete("/api/v1/checks/" + check);
        }
    }

    /** statuspage reads other features' data through their read models only: never raw results, no tables of theirs. */
    @Test
    void statuspageQueriesNoOtherFeaturesTables() throws IOException {
        Path root = Path.of("src/main/java/io/vigil/statuspage");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                // the subscriber webhooks keep the one guarded outbound client, wherever it lives
                String source = Files.readString(file);
                assertThat(source).as(file.toString()).doesNotContain("check_results", "import io.vigil.probe.", "long[] w")
                        .doesNotContainPattern("(?i)\\b(from|join|into|update)\\s+(rollups_\\w+|check_verdicts|check_states|check_events"
                                + "|incidents|incident_updates|incident_timeline)\\b");
                assertThat(source.lines().count()).as(file + " lines").isLessThan(400);
            }
        }
    }
}
