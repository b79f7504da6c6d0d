package io.vigil.statuspage;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import io.vigil.check.CheckRegistry;
import io.vigil.testing.Api;
import io.vigil.testing.Receiver;
import io.vigil.testing.Tenants;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workspace with real checks against a real local {@link Receiver}, a status page over them, and generated
 * history (daily and hourly rollups, as the rollup jobs would have written them) so bars and charts have data.
 */
final class StatusPageFixture implements AutoCloseable {

    /** Days ago → uptime in percent written for every seeded check (other days: 100 %, older than 60 days: no data). */
    static final Map<Integer, Double> BAD_DAYS = Map.of(3, 99.5, 10, 97.0, 20, 80.0);

    final Pool pool;
    static final String ACCENT = "#7c3aed";
    final String token;
    final Receiver receiver = new Receiver();

    StatusPageFixture(Pool pool) {
        this.pool = pool;
        this.token = Tenants.workspaceWithToken(pool);
    }

    String check(String name) {
        return new PublicPageFixture(token).check(name, receiver);
    }

    static String slug() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String page(String slug, String title, List<Map<String, Object>> components) {
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "title", title, "components", components));
        body.put("description", "Live status of the shop");
        body.put("accentColor", ACCENT);
        Api.as(token).body(body).post("/api/v1/status-pages").then().statusCode(201);
        return slug;
    }

    /**
     * 89 past days (60 with data) and 23 past hours in a second region, as rollups; the check is made 100 days old
     * first (a page shows no data for the days before a check existed).
     */
    void seedHistory(String checkId) {
        UUID check = UUID.fromString(checkId);
        backdate(checkId, Duration.ofDays(100));
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Tuple> days = new java.util.ArrayList<>();
        for (int ago = 1; ago <= 60; ago++) {
            double uptime = BAD_DAYS.getOrDefault(ago, 100.0);
            int down = (int) Math.round(2000 * (100 - uptime) / 100);
            days.add(Tuple.of(check, today.minus(ago, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC), 2000 - down, down));
        }
        List<Tuple> hours = new java.util.ArrayList<>();
        for (int ago = 1; ago <= 23; ago++) {
            long avg = 120 + (ago % 6) * 25;
            hours.add(Tuple.of(check, hour.minus(ago, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC), avg * 60));
        }
        pool.withTransaction(c -> c.preparedQuery("""
                        INSERT INTO rollups_day (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
                        SELECT $1, 'eu-west', $2, workspace_id, $3, 0, $4, 0, 0, 0, '{}' FROM checks WHERE id = $1""").executeBatch(days)
                .chain(x -> c.preparedQuery("""
                        INSERT INTO rollups_hour (check_id, region, bucket, workspace_id, up, degraded, down, missed, latency_sum, latency_count, hist)
                        SELECT $1, 'eu-west', $2, workspace_id, 60, 0, 0, 0, $3, 60, '{}' FROM checks WHERE id = $1""").executeBatch(hours)))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** Makes the check as old as given, as if created then (in the database and in every check's definition here). */
    void backdate(String checkId, Duration age) {
        pool.preparedQuery("UPDATE checks SET created_at = $2 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(checkId), Instant.now().minus(age).atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(10));
        CheckRegistry registry = Arc.container().instance(CheckRegistry.class).get();
        try {
            // the definitions are read through Hibernate Reactive, which wants a Vert.x context
            VertxContextSupport.subscribeAndAwait(registry::reload);
        } catch (Throwable e) {
            throw new AssertionError("reloading the check definitions failed", e);
        }
        Instant created = registry.get(UUID.fromString(checkId)).createdAt();
        if (Duration.between(created, Instant.now()).compareTo(age.minusMinutes(1)) < 0) {
            throw new AssertionError("the check registry did not pick up the new creation time: " + created);
        }
    }

    /** A manual incident on a check; {@code resolved} creates it already resolved. */
    String incident(String checkId, String title, String message, boolean resolved) {
        Map<String, Object> body = new HashMap<>(Map.of("title", title, "impact", "major", "phase", resolved ? "resolved" : "investigating",
                "message", message));
        if (checkId != null) {
            body.put("checkId", checkId);
        }
        return Api.as(token).body(body).post("/api/v1/incidents").then().statusCode(201).extract().path("id");
    }

    static Response get(String path) {
        return RestAssured.given().redirects().follow(false).get(path);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
