package io.vigil.history;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.auth.totp.TotpCode;
import io.vigil.testing.Api;
import io.vigil.testing.People;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Members, invitations, workspaces, tokens, second factors and the instance admin's acts in the audit log. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PeopleAuditTest {

    @Inject
    Pool pool;

    @Test
    @SuppressWarnings("unchecked")
    void membersAndInvitationsLeaveOneEntryEach() {
        AuditFixture ws = AuditFixture.create(pool);
        People.Person member = People.user(pool);
        People.join(pool, member, ws.slug, "viewer");
        String memberId = member.id().toString();
        Api.as(ws.token).body(Map.of("role", "editor")).patch("/api/v1/members/" + memberId).then().statusCode(200);
        Api.as(ws.token).body(Map.of("role", "editor")).patch("/api/v1/members/" + memberId).then().statusCode(200);
        Api.as(ws.token).delete("/api/v1/members/" + memberId).then().statusCode(204);
        List<Map<String, Object>> entries = ws.entries(memberId);
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("member.removed", "member.role_changed");
        assertThat((Map<String, Object>) entries.get(1).get("changes")).containsEntry("role", List.of("viewer", "editor"));
        assertThat((Map<String, Object>) entries.get(0).get("changes")).containsEntry("email", Arrays.asList(member.email(), null));

        String invited = "invited-" + System.nanoTime() + "@example.com";
        String invitation = Api.as(ws.token).body(Map.of("email", invited, "role", "viewer")).post("/api/v1/invitations")
                .then().statusCode(201).extract().path("id");
        Api.as(ws.token).delete("/api/v1/invitations/" + invitation).then().statusCode(204);
        Api.as(ws.token).delete("/api/v1/invitations/" + invitation).then().statusCode(404);
        entries = ws.entries(invitation);
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("invitation.revoked", "member.invited");
        assertThat((Map<String, Object>) entries.get(1).get("changes")).containsEntry("email", Arrays.asList(null, invited))
                .containsEntry("role", Arrays.asList(null, "viewer"));
        assertThat(entries).allSatisfy(e -> assertThat((Map<String, Object>) e.get("actor")).containsEntry("id", ws.tokenId));
    }

    @Test
    void workspaceChangesAreRecordedAndADeletionAtInstanceLevel() {
        AuditFixture ws = AuditFixture.create(pool);
        String id = ws.workspaceId.toString();
        Api.as(ws.token).body(Map.of("name", "Renamed")).patch("/api/v1/workspaces/" + id).then().statusCode(200);
        Api.as(ws.token).body(Map.of("name", "Renamed")).patch("/api/v1/workspaces/" + id).then().statusCode(200);
        Api.as(ws.token).queryParam("objectId", id).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("workspace.updated"))
                .body("items[0].changes.name", contains("Audited", "Renamed"))
                .body("items[0].changes.slug", equalTo(null));

        String admin = Api.adminToken();
        Api.as(admin).body(Map.of("maxChecks", 5)).patch("/api/v1/admin/workspaces/" + id + "/limits").then().statusCode(200);
        Api.as(ws.token).queryParam("action", "workspace.limits_changed").get("/api/v1/audit").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].changes.maxChecks", contains(null, 5))
                .body("items[0].actor.type", equalTo("token"));

        Api.as(ws.token).body(Map.of("confirm", ws.slug)).delete("/api/v1/workspaces/" + id).then().statusCode(204);
        Api.as(admin).queryParam("objectId", id).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.action", contains("workspace.deleted"))
                .body("items[0].changes.slug", contains(ws.slug, null))
                .body("items[0].actor.id", equalTo(ws.tokenId));
        // The workspace's own entries went with it.
        assertThat(pool.preparedQuery("SELECT count(*) FROM audit_events WHERE workspace_id = $1")
                .execute(Tuple.of(ws.workspaceId)).await().indefinitely().iterator().next()
                .getLong(0)).isZero();
    }

    @Test
    void tokensAndSecondFactorsAreRecordedWithoutTheirSecrets() {
        AuditFixture ws = AuditFixture.create(pool);
        String minted = AuditFixture.mint(ws.owner.email(), ws.slug, "short-lived", "viewer").getString("id");
        String secret = AuditFixture.mint(ws.owner.email(), ws.slug, "revoked", null).getString("token");
        String revokedId = AuditFixture.mint(ws.owner.email(), ws.slug, "to revoke", null).getString("id");
        Api.as(ws.token).delete("/api/v1/tokens/" + revokedId).then().statusCode(204);
        Api.as(ws.token).queryParam("objectId", minted).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("token.created"))
                .body("items[0].actor.type", equalTo("user"))
                .body("items[0].actor.id", equalTo(ws.owner.id().toString()))
                .body("items[0].changes.role", contains(null, "viewer"));
        Api.as(ws.token).queryParam("objectId", revokedId).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", contains("token.revoked", "token.created"))
                .body("items[0].actor.type", equalTo("token"))
                .body("items[0].changes.name", contains("to revoke", null));
        assertThat(Api.as(ws.token).queryParam("limit", 500).get("/api/v1/audit").asString()).doesNotContain(secret);

        String totp = Api.as(ws.token).post("/api/v1/me/totp").then().statusCode(200).extract().path("secret");
        long step = Instant.now().getEpochSecond() / 30;
        List<String> recovery = Api.as(ws.token).body(Map.of("code", TotpCode.codeAt(totp, step)))
                .post("/api/v1/me/totp/confirm").then().statusCode(200).extract().path("recoveryCodes");
        Api.as(ws.token).body(Map.of("code", recovery.get(0))).delete("/api/v1/me/totp").then().statusCode(204);
        String admin = Api.adminToken();
        String log = Api.as(admin).queryParam("objectId", ws.owner.id().toString()).get("/api/v1/admin/audit")
                .then().statusCode(200)
                .body("items.action", contains("totp.disabled", "totp.enabled"))
                .body("items[1].changes.totp", contains(false, true))
                .extract().asString();
        assertThat(log).doesNotContain(totp).doesNotContain(recovery.get(0));
    }

    @Test
    void theInstanceAdminDisablingAUserIsRecorded() {
        AuditFixture ws = AuditFixture.create(pool);
        String admin = Api.adminToken();
        String user = ws.owner.id().toString();
        Api.as(admin).post("/api/v1/admin/users/" + user + "/disable").then().statusCode(204);
        Api.as(admin).post("/api/v1/admin/users/" + user + "/disable").then().statusCode(204);
        Api.as(admin).post("/api/v1/admin/users/" + user + "/enable").then().statusCode(204);
        Map<String, Object> query = new HashMap<>(Map.of("objectId", user, "action", "user."));
        Api.as(admin).queryParams(query).get("/api/v1/admin/audit").then().statusCode(200)
                .body("items.action", contains("user.enabled", "user.disabled"))
                .body("items[1].changes.disabled", contains(false, true))
                .body("items[1].actor.name", equalTo("test"));
    }

    @Test
    void aPasswordChangeIsRecordedWithoutEitherPassword() {
        AuditFixture ws = AuditFixture.create(pool);
        String next = "a new password " + System.nanoTime();
        Api.as(ws.token).body(Map.of("current", People.PASSWORD, "new", next)).post("/api/v1/me/password")
                .then().statusCode(204);
        String log = Api.as(Api.adminToken()).queryParam("objectId", ws.owner.id().toString())
                .queryParam("action", "password.changed").get("/api/v1/admin/audit").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].changes.password", contains("(secret)", "(secret)"))
                .extract().asString();
        assertThat(log).doesNotContain(next).doesNotContain(People.PASSWORD).doesNotContain("argon2");
    }
}
