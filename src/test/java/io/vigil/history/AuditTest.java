package io.vigil.history;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.testing.Api;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditTest {

    @Inject
    Pool pool;

    @Test
    @SuppressWarnings("unchecked")
    void everyChangeOfACheckLeavesOneEntryNamingTheTokenAndTheDiff() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = Api.as(ws.token).body(AuditFixture.check("audited")).post("/api/v1/checks")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> put = AuditFixture.check("audited again");
        Api.as(ws.token).body(put).put("/api/v1/checks/" + id).then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/pause").then().statusCode(200);
        Api.as(ws.token).post("/api/v1/checks/" + id + "/resume").then().statusCode(200);
        Api.as(ws.token).delete("/api/v1/checks/" + id).then().statusCode(204);

        List<Map<String, Object>> entries = ws.entries(id);
        assertThat(entries).extracting(e -> e.get("action"))
                .containsExactly("check.deleted", "check.resumed", "check.paused", "check.updated", "check.created");
        for (Map<String, Object> e : entries) {
            assertThat((Map<String, Object>) e.get("actor"))
                    .containsEntry("type", "token").containsEntry("id", ws.tokenId).containsEntry("name", ws.tokenName);
            assertThat(e).containsEntry("objectType", "check").containsEntry("objectId", id);
            assertThat((String) e.get("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        }
        Map<String, Object> updated = (Map<String, Object>) entries.get(3).get("changes");
        assertThat(updated).containsOnlyKeys("name");
        assertThat(updated.get("name")).isEqualTo(List.of("audited", "audited again"));
        Map<String, Object> created = (Map<String, Object>) entries.get(4).get("changes");
        assertThat(created.get("name")).isEqualTo(java.util.Arrays.asList(null, "audited"));
        assertThat(created.get("intervalSeconds")).isEqualTo(java.util.Arrays.asList(null, 60));
        assertThat(created).doesNotContainKeys("id", "status", "createdAt", "updatedAt");
        assertThat((Map<String, Object>) entries.get(2).get("changes")).containsEntry("paused", List.of(false, true));
        assertThat((Map<String, Object>) entries.get(0).get("changes")).containsEntry("name",
                java.util.Arrays.asList("audited again", null));
    }
}
