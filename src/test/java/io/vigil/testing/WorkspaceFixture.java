package io.vigil.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import io.vigil.auth.Role;
import io.vigil.auth.Secrets;
import io.vigil.testing.People.Person;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workspace for the generated route tests: a member of each role (none of them the instance admin) with a bearer
 * token each, and one object of every kind an API path names by id ({@link #id}), made through the API like a user
 * would. {@link #make} makes another one of a kind, for calls that destroy theirs. A kind this class cannot make fails
 * the test that needs it: a new route with a new kind of id makes these tests grow.
 */
public final class WorkspaceFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Nothing listens there: probes and deliveries fail fast, and loopback is allowed in tests. */
    private static final String NOWHERE = "http://127.0.0.1:9";
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final String slug;
    public final String workspaceId;
    public final Map<Role, Person> people = new EnumMap<>(Role.class);
    public final Map<Role, String> tokens = new EnumMap<>(Role.class);
    private final Pool pool;
    private final Map<String, String> ids = new HashMap<>();

    public WorkspaceFixture(Pool pool, String prefix) {
        this.pool = pool;
        this.slug = People.slug(prefix);
        this.workspaceId = UUID.randomUUID().toString();
        pool.preparedQuery("INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, $3)")
                .execute(Tuple.of(UUID.fromString(workspaceId), slug, "Workspace " + slug)).await().atMost(WAIT);
        for (Role role : List.of(Role.OWNER, Role.ADMIN, Role.EDITOR, Role.VIEWER)) {
            Person p = People.user(pool);
            People.join(pool, p, slug, role.wire());
            people.put(role, p);
            tokens.put(role, token(p, role));
        }
        for (String kind : List.of("workspaces", "users", "members", "tokens", "checks", "channels", "deliveries",
                "incidents", "maintenance", "status-pages", "subscribers", "regions", "invitations", "sessions", "passkeys", "revisions")) {
            ids.put(kind, make(kind, owner()));
        }
    }

    /** A bearer token of the member, written straight to the database (HTTP Basic's password hashing is slow by design). */
    private String token(Person p, Role role) {
        String token = Secrets.newToken("vgl_");
        pool.preparedQuery("INSERT INTO api_tokens (id, workspace_id, user_id, name, token_hash, role) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(UUID.randomUUID(), UUID.fromString(workspaceId), p.id(), "fixture " + role.wire(),
                        Buffer.buffer(Secrets.sha256(token)), role.wire()))
                .await().atMost(WAIT);
        return token;
    }

    /** A console session of the person (as signing in makes one), written straight to the database. */
    private String session(Person p) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO sessions (id, user_id, token_hash, stage, method, created_at, last_seen_at, expires_at) "
                        + "VALUES ($1, $2, $3, 'active', 'password', now(), now(), now() + interval '1 day')")
                .execute(Tuple.of(id, p.id(), Buffer.buffer(Secrets.sha256(Secrets.newToken("vs_"))))).await().atMost(WAIT);
        return id.toString();
    }

    /** A passkey row of the person (registering one needs a browser), written straight to the database. */
    private String passkey(Person p) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO passkeys (id, user_id, credential_id, credential, uv_initialized, backup_eligible, "
                        + "backup_state, name, created_at) VALUES ($1, $2, $3, $4, true, false, false, 'fixture', now())")
                .execute(Tuple.of(id, p.id(), Buffer.buffer(Secrets.sha256(id.toString())), Buffer.buffer(new byte[]{1})))
                .await().atMost(WAIT);
        return id.toString();
    }

    /** The member whose token this is (the owner when it is none of the fixture's). */
    private Person personOf(String token) {
        return tokens.entrySet().stream().filter(e -> e.getValue().equals(token)).map(e -> people.get(e.getKey()))
                .findFirst().orElse(people.get(Role.OWNER));
    }

    public String owner() {
        return tokens.get(Role.OWNER);
    }

    /** The id (a region: the name) of this workspace's object of the kind: the path segment before the parameter. */
    public String id(String kind) {
        String id = ids.get(kind);
        if (id == null) {
            throw new IllegalStateException("WorkspaceFixture cannot make a '" + kind + "' yet: teach it, then this test runs");
        }
        return id;
    }

    public boolean knows(String kind) {
        return ids.containsKey(kind);
    }

    /**
     * A new object of the kind, made by the owner (a token: minted by {@code caller}, whose own it then is); children
     * (deliveries, subscribers) belong to this fixture's channel and page.
     */
    public String make(String kind, String caller) {
        String n = Integer.toString(SEQ.incrementAndGet());
        return switch (kind) {
            case "workspaces" -> ids.getOrDefault("workspaces", workspaceId);
            case "users" -> People.user(pool).id().toString();
            case "members" -> {
                Person p = People.user(pool);
                People.join(pool, p, slug, "viewer");
                yield p.id().toString();
            }
            case "tokens" -> created(Api.as(caller).body(Map.of("name", "fixture " + n)).post("/api/v1/tokens"), "id");
            case "checks" -> {
                String check = created(Api.as(owner()).body(check("fixture check " + n)).post("/api/v1/checks"), "id");
                Api.as(owner()).post("/api/v1/checks/" + check + "/pause").then().statusCode(200);
                yield check;
            }
            case "channels" -> created(Api.as(owner()).body(channel("fixture channel " + n)).post("/api/v1/channels"), "id");
            case "deliveries" -> {
                var r = Api.as(owner()).post("/api/v1/channels/" + id("channels") + "/test");
                r.then().statusCode(202);
                yield r.path("id");
            }
            case "incidents" -> created(Api.as(owner()).body(Map.of("title", "Fixture outage " + n, "impact", "minor",
                    "phase", "investigating", "message", "Looking into it")).post("/api/v1/incidents"), "id");
            case "maintenance" -> created(Api.as(owner()).body(Map.of("name", "fixture window " + n, "tags", List.of("fixture"),
                    "startsAt", Instant.now().plusSeconds(86_400).toString(),
                    "endsAt", Instant.now().plusSeconds(90_000).toString())).post("/api/v1/maintenance"), "id");
            case "status-pages" -> created(Api.as(owner()).body(page(slug + "-p" + n)).post("/api/v1/status-pages"), "id");
            case "subscribers" -> created(RestAssured.given().contentType(ContentType.JSON)
                    .body(Map.of("webhookUrl", NOWHERE + "/subscriber/" + slug + "/" + n))
                    .post("/status/" + pageSlug() + "/subscribe"), "id");
            case "regions" -> {
                String name = "r-" + slug + "-" + n;
                created(Api.as(owner()).body(Map.of("name", name)).post("/api/v1/regions"), "name");
                yield name;
            }
            case "invitations" -> created(Api.as(owner()).body(Map.of("email", "invitee-" + n + "-" + slug + "@example.com",
                    "role", "viewer")).post("/api/v1/invitations"), "id");
            case "sessions" -> session(personOf(caller));
            case "passkeys" -> passkey(personOf(caller));
            // a revision is numbered within its object (checks, channels, status pages): every object has its first
            case "revisions" -> "1";
            default -> throw new IllegalStateException("WorkspaceFixture cannot make a '" + kind + "' yet: teach it");
        };
    }

    /** A valid check body: a paused-to-be HTTP check against a closed loopback port, probing hourly. */
    public static Map<String, Object> check(String name) {
        return Map.of("name", name, "url", NOWHERE + "/health", "intervalSeconds", 3600, "timeoutMs", 500);
    }

    public static Map<String, Object> channel(String name) {
        return Map.of("type", "webhook", "name", name, "url", NOWHERE + "/hook");
    }

    public static Map<String, Object> page(String slug) {
        return Map.of("slug", slug, "title", "Status " + slug, "components", List.of());
    }

    private String pageSlug() {
        return Api.as(owner()).get("/api/v1/status-pages/" + id("status-pages")).then().statusCode(200).extract().path("slug");
    }

    private static String created(Response r, String member) {
        if (r.statusCode() != 201) {
            throw new AssertionError("making a fixture: expected 201, got " + r.statusCode() + " " + r.asString());
        }
        return r.path(member).toString();
    }
}
