package io.vigil.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the audit log (and the revisions of checks, channels and status pages) in the transaction of the change
 * itself, so a change and its record commit or roll back together. Three ways in, for the three ways Vigil writes:
 * {@link #record(SqlClient, AuditEvent)} on a Vert.x transaction, {@link #recordInSession(AuditEvent)} inside
 * {@code Panache.withTransaction}, and {@link #recordAlone(AuditEvent)} for what joins no change (a failed login).
 */
@ApplicationScoped
public class AuditLog {

    private static final NamedSql EVENT = NamedSql.of("""
            INSERT INTO audit_events (id, workspace_id, at, actor_type, actor_id, actor_user_id, actor_name, address,
                                      action, object_type, object_id, changes)
            VALUES (:id, :workspace, :at, :actorType, :actorId, :actorUser,
                    coalesce(:actorName, (SELECT t.name FROM api_tokens t WHERE t.id = :actorId),
                             (SELECT CASE WHEN u.name = '' THEN u.email ELSE u.name END FROM users u WHERE u.id = :actorUser)),
                    :address, :action, :objectType, :objectId, cast(:changes AS jsonb))""");
    /** The next number comes from an upsert on the object's head row: concurrent saves of one object queue there. */
    private static final NamedSql REVISION = NamedSql.of("""
            WITH head AS (
                INSERT INTO revision_heads AS h (workspace_id, object_type, object_id, last)
                VALUES (:workspace, :objectType, cast(:objectId AS uuid), 1)
                ON CONFLICT (object_type, object_id) DO UPDATE SET last = h.last + 1 RETURNING h.last)
            INSERT INTO revisions (workspace_id, object_type, object_id, revision, at, actor_type, actor_id, actor_name, view,
                                   changes)
            SELECT e.workspace_id, e.object_type, cast(e.object_id AS uuid), head.last, e.at, e.actor_type, e.actor_id,
                   e.actor_name, cast(:view AS jsonb), e.changes
            FROM head, audit_events e WHERE e.id = :id""");
    private static final NamedSql FORGET = NamedSql.of("""
            WITH gone AS (DELETE FROM revisions WHERE object_type = :objectType AND object_id = cast(:objectId AS uuid))
            DELETE FROM revision_heads WHERE object_type = :objectType AND object_id = cast(:objectId AS uuid)""");

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper mapper;

    /** Records the event on {@code tx}: call it inside the transaction that makes the change. */
    public Uni<Void> record(SqlClient tx, AuditEvent event) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Statement s : statements(event)) {
            chain = chain.chain(() -> tx.preparedQuery(s.sql().positional()).execute(s.sql().tuple(forDriver(s.values()))).replaceWithVoid());
        }
        return chain;
    }

    /**
     * The values as the Vert.x driver needs them: JSON documents as {@link JsonObject}, since it sends a string for a
     * jsonb parameter as one JSON string (Hibernate binds text, which the cast parses).
     */
    private static Map<String, Object> forDriver(Map<String, Object> values) {
        Map<String, Object> out = new HashMap<>(values);
        for (String json : JSON_VALUES) {
            if (out.get(json) instanceof String text) {
                out.put(json, new JsonObject(text));
            }
        }
        return out;
    }

    private static final List<String> JSON_VALUES = List.of("changes", "view");

    /** Records the event on the current Hibernate Reactive session: call it inside {@code Panache.withTransaction}. */
    public Uni<Void> recordInSession(AuditEvent event) {
        List<Statement> statements = statements(event);
        return Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Statement s : statements) {
                chain = chain.chain(() -> {
                    var query = session.createNativeQuery(s.sql().named());
                    s.values().forEach(query::setParameter);
                    return query.executeUpdate().replaceWithVoid();
                });
            }
            return chain;
        });
    }

    /** Records the event in a transaction of its own: for what changes nothing else (a failed login). */
    public Uni<Void> recordAlone(AuditEvent event) {
        return pool.withTransaction(tx -> record(tx, event));
    }

    /** An API view as the log compares and keeps it: the JSON the API answers with. */
    public JsonNode tree(Object view) {
        return view == null ? null : mapper.valueToTree(view);
    }

    /** The field-by-field diff of two API views ({@code null}: no object before / after). */
    public Changes diff(Object before, Object after) {
        return Changes.between(tree(before), tree(after));
    }

    private record Statement(NamedSql sql, Map<String, Object> values) {
    }

    private List<Statement> statements(AuditEvent e) {
        Map<String, Object> v = new HashMap<>();
        UUID id = UUID.randomUUID();
        Actor actor = e.actor() == null ? Actor.system() : e.actor();
        v.put("id", id);
        v.put("workspace", e.workspaceId());
        v.put("at", clock.instant().atOffset(ZoneOffset.UTC));
        v.put("actorType", actor.type());
        v.put("actorId", actor.id());
        v.put("actorUser", actor.userId());
        v.put("actorName", actor.name());
        v.put("address", actor.address());
        v.put("action", e.action());
        v.put("objectType", e.objectType());
        v.put("objectId", e.objectId());
        v.put("changes", (e.changes() == null ? Changes.none() : e.changes()).redacted().toString());
        List<Statement> out = new ArrayList<>();
        out.add(new Statement(EVENT, v));
        if (e.forget()) {
            out.add(new Statement(FORGET, Map.of("objectType", e.objectType(), "objectId", e.objectId())));
        }
        if (e.revision() != null && e.workspaceId() != null) {
            Map<String, Object> r = new HashMap<>();
            r.put("objectType", e.objectType());
            r.put("objectId", e.objectId());
            r.put("workspace", e.workspaceId());
            r.put("view", e.revision().toString());
            r.put("id", id);
            out.add(new Statement(REVISION, r));
        }
        return out;
    }
}
