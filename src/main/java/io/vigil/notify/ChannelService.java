package io.vigil.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditLog;
import io.vigil.api.FieldError;
import io.vigil.api.Page;
import io.vigil.api.Paging;
import io.vigil.auth.Caller;
import io.vigil.auth.SecretBox;
import io.vigil.check.ChannelDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Channels of a workspace: validated on save, secrets encrypted at rest, every query scoped by workspace. */
@ApplicationScoped
public class ChannelService implements ChannelDirectory {

    public static final String COLUMNS = "id, workspace_id, type, name, is_default, events, tags, delay_minutes, remind_minutes, "
            + "group_seconds, settings, secrets, enabled, disabled_reason, created_at, updated_at";

    @Inject
    Pool pool;
    @Inject
    Channels channels;
    @Inject
    SecretBox box;
    @Inject
    Clock clock;
    @Inject
    AuditLog audit;
    @Inject
    ChannelHistory history;

    /** Decrypted channels kept at most (least recently used go first; a status page's subscribers are channels too). */
    static final int CACHED = 20_000;

    /** Decrypted channels by id and version (updated_at), so the relay decrypts once per change, not per send. */
    private final Map<UUID, ChannelConfig> cache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, ChannelConfig> eldest) {
                    return size() > CACHED;
                }
            });

    public Uni<ChannelView> create(Caller caller, Map<String, Object> body) {
        Instant now = clock.instant();
        ChannelRequest r = validate(body, null);
        ChannelConfig c = config(UUID.randomUUID(), caller.workspaceId(), r, now, now);
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO channels (" + COLUMNS + ") VALUES ($1, $2, $3, $4, "
                                + "$5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16)")
                        .execute(row(c))
                        .chain(() -> audit.record(tx, history.event(caller, "channel.created", null, c))))
                .map(x -> ChannelView.of(c, true));
    }

    public Uni<ChannelView> replace(Caller caller, UUID id, Map<String, Object> body) {
        return replace(caller, id, body, "channel.updated");
    }

    /**
     * Puts a channel back as a former revision showed it, through the same path as a PUT. Revisions keep no secrets,
     * so the channel keeps the secrets it has now.
     */
    public Uni<ChannelView> restore(Caller caller, UUID id, Map<String, Object> revision) {
        return find(caller, id).chain(now -> replace(caller, id, history.restorable(now.type(), revision), "channel.restored"));
    }

    private Uni<ChannelView> replace(Caller caller, UUID id, Map<String, Object> body, String action) {
        return pool.withTransaction(tx -> find(tx, caller, id, true).chain(old -> {
            ChannelRequest r = validate(body, old);
            ChannelConfig c = config(id, caller.workspaceId(), r, old.createdAt(), clock.instant());
            // Re-enabling is how a disabled channel comes back; its reason is forgotten then.
            return tx.preparedQuery("UPDATE channels SET type = $3, name = $4, is_default = $5, events = $6, tags = $7, "
                            + "delay_minutes = $8, remind_minutes = $9, group_seconds = $10, settings = $11::text::jsonb, "
                            + "secrets = $12, enabled = $13, disabled_reason = CASE WHEN $13 THEN NULL ELSE disabled_reason END, "
                            + "updated_at = $14 WHERE id = $1 AND workspace_id = $2")
                    .execute(settingsRow(c).addOffsetDateTime(utc(c.updatedAt())))
                    .chain(() -> find(tx, caller, id, false))
                    .call(saved -> audit.record(tx, history.event(caller, action, old, saved)))
                    .map(saved -> ChannelView.of(saved, false));
        }));
    }

    public Uni<ChannelView> get(Caller caller, UUID id) {
        return find(caller, id).map(c -> ChannelView.of(c, false));
    }

    public Uni<Page<ChannelView>> list(Caller caller, int limit, Paging.Position after) {
        Tuple args = Tuple.of(caller.workspaceId(), limit + 1);
        String where = "workspace_id = $1 AND page_id IS NULL";
        if (after != null) {
            where += " AND (created_at, id) < ($3, $4)";
            args.addOffsetDateTime(utc(after.at())).addUUID(UUID.fromString(after.key()));
        }
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM channels WHERE " + where
                        + " ORDER BY created_at DESC, id DESC LIMIT $2")
                .execute(args)
                .map(rows -> {
                    List<ChannelConfig> all = new ArrayList<>();
                    rows.forEach(row -> all.add(config(row)));
                    List<ChannelConfig> items = all.size() > limit ? all.subList(0, limit) : all;
                    String next = all.size() > limit
                            ? Paging.encode(items.get(limit - 1).createdAt(), items.get(limit - 1).id().toString()) : null;
                    return new Page<>(items.stream().map(c -> ChannelView.of(c, false)).toList(), next);
                });
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return pool.withTransaction(tx -> find(tx, caller, id, true)
                        .call(old -> tx.preparedQuery("DELETE FROM channels WHERE id = $1 AND workspace_id = $2 AND page_id IS NULL")
                                .execute(Tuple.of(id, caller.workspaceId())))
                        .call(old -> audit.record(tx, history.event(caller, "channel.deleted", old, null))))
                .invoke(() -> cache.remove(id))
                .replaceWithVoid();
    }

    /** A channel of the caller's workspace, or 404. */
    public Uni<ChannelConfig> find(Caller caller, UUID id) {
        return find(pool, caller, id, false);
    }

    /** A channel of the caller's workspace on this connection, locked for the transaction if asked, or 404. */
    private Uni<ChannelConfig> find(SqlClient conn, Caller caller, UUID id, boolean lock) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM channels WHERE id = $1 AND workspace_id = $2 AND page_id IS NULL"
                        + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id, caller.workspaceId()))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("channel " + id);
                    }
                    return config(rows.iterator().next());
                });
    }

    /** Of the given ids, those that are not channels of this workspace. */
    @Override
    public Uni<List<UUID>> unknown(UUID workspaceId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT id FROM channels WHERE workspace_id = $1 AND page_id IS NULL AND id = ANY($2)")
                .execute(Tuple.of(workspaceId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<UUID> missing = new ArrayList<>(ids);
                    rows.forEach(row -> missing.remove(row.getUUID(0)));
                    return missing;
                });
    }

    /**
     * Writes a channel that a status page owns (one of its subscribers, see {@link Channel#internal()}) inside the
     * caller's transaction: secrets sealed like any channel's, never listed or reachable through the channel API.
     */
    public Uni<Void> insertOwned(SqlClient conn, ChannelConfig c, UUID pageId, String subscriberKey, Instant confirmedAt) {
        return conn.preparedQuery("INSERT INTO channels (" + COLUMNS + ", page_id, subscriber_key, confirmed_at) VALUES ($1, "
                        + "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16, $17, $18, $19)")
                .execute(settingsRow(c).addString(c.disabledReason()).addOffsetDateTime(utc(c.createdAt()))
                        .addOffsetDateTime(utc(c.updatedAt())).addUUID(pageId).addString(subscriberKey)
                        .addOffsetDateTime(utc(confirmedAt)))
                .replaceWithVoid();
    }

    /** Forgets decrypted channels deleted elsewhere (a page's subscribers unsubscribing, pruned, revoked). */
    public void evict(java.util.Collection<UUID> ids) {
        ids.forEach(cache::remove);
    }

    /** A row read by the relay (any workspace: the relay serves them all), decrypted once per version. */
    public ChannelConfig config(Row row) {
        UUID id = row.getUUID("id");
        Instant updated = row.getOffsetDateTime("updated_at").toInstant();
        ChannelConfig cached = cache.get(id);
        if (cached != null && cached.updatedAt().equals(updated) && cached.enabled() == row.getBoolean("enabled")) {
            return cached;
        }
        String sealed = row.getString("secrets");
        Map<String, Object> secrets = sealed == null ? Map.of() : parse(box.decrypt(sealed));
        ChannelConfig c = new ChannelConfig(id, row.getUUID("workspace_id"), row.getString("type"), row.getString("name"),
                row.getBoolean("is_default"), List.of(row.getArrayOfStrings("events")), List.of(row.getArrayOfStrings("tags")),
                row.getInteger("delay_minutes"), row.getInteger("remind_minutes"), row.getInteger("group_seconds"),
                ((JsonObject) row.getValue("settings")).getMap(), secrets, row.getBoolean("enabled"),
                row.getString("disabled_reason"), row.getOffsetDateTime("created_at").toInstant(), updated);
        cache.put(id, c);
        return c;
    }

    private ChannelRequest validate(Map<String, Object> body, ChannelConfig old) {
        if (body == null) {
            throw ApiException.badRequest("a JSON object describing the channel is required");
        }
        List<FieldError> errors = new ArrayList<>();
        ChannelRequest r = ChannelRequest.parse(body, errors);
        Channel channel = r.type() == null ? null : channels.get(r.type());
        if (channel != null && channel.internal()) {
            channel = null;
        }
        if (r.type() == null) {
            errors.add(new FieldError("type", "is required, one of " + String.join(", ", channels.publicTypes())));
        } else if (channel == null) {
            errors.add(new FieldError("type", "must be one of " + String.join(", ", channels.publicTypes())));
        } else if (old != null && !old.type().equals(r.type())) {
            errors.add(new FieldError("type", "cannot change; create a new channel instead"));
        }
        if (channel != null && errors.stream().noneMatch(e -> e.field().equals("type"))) {
            Map<String, Object> settings = r.settings();
            if (old != null) {
                // Secrets are never shown again, so a replacement that leaves one out keeps it.
                for (Setting s : channel.settings()) {
                    if (s.secret() && !settings.containsKey(s.name()) && old.secrets().containsKey(s.name())) {
                        settings.put(s.name(), old.secrets().get(s.name()));
                    }
                }
            }
            ChannelRequest.checkShape(channel.settings(), settings, errors);
            if (errors.isEmpty()) {
                ChannelSettings typed = new ChannelSettings(settings);
                channels.validate(channel, typed, errors);
                settings.clear();
                settings.putAll(typed.asMap());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return r;
    }

    private ChannelConfig config(UUID id, UUID workspaceId, ChannelRequest r, Instant created, Instant updated) {
        Channel channel = channels.get(r.type());
        return new ChannelConfig(id, workspaceId, r.type(), r.name(), r.isDefault(), r.events(), r.tags(), r.delayMinutes(),
                r.remindMinutes(), r.groupSeconds(), settings(channel, r.settings(), false),
                settings(channel, r.settings(), true), r.enabled(), null, created, updated);
    }

    /** The type's settings among these values: the plain ones (shown by the API) or the secret ones (sealed at rest). */
    public static Map<String, Object> settings(Channel channel, Map<String, Object> values, boolean secret) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting s : channel.settings()) {
            if (s.secret() == secret && values.get(s.name()) != null) {
                out.put(s.name(), values.get(s.name()));
            }
        }
        return out;
    }

    private Tuple row(ChannelConfig c) {
        return settingsRow(c).addString(null).addOffsetDateTime(utc(c.createdAt())).addOffsetDateTime(utc(c.updatedAt()));
    }

    /** $1 to $13: identity, common members, settings, sealed secrets, enabled. */
    private Tuple settingsRow(ChannelConfig c) {
        return Tuple.of(c.id(), c.workspaceId(), c.type(), c.name())
                .addBoolean(c.isDefault())
                .addArrayOfString(c.events().toArray(String[]::new))
                .addArrayOfString(c.tags().toArray(String[]::new))
                .addInteger(c.delayMinutes()).addInteger(c.remindMinutes()).addInteger(c.groupSeconds())
                .addString(HttpChannel.json(c.settings()))
                .addString(c.secrets().isEmpty() ? null : box.encrypt(HttpChannel.json(c.secrets())))
                .addBoolean(c.enabled());
    }

    private static Map<String, Object> parse(String json) {
        try {
            return HttpChannel.JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored secret is not JSON", e);
        }
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
