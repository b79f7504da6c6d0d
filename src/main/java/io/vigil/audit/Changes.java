package io.vigil.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A field-by-field diff {@code {"field": [old, new]}} of two API views (Jackson trees), member by member at the top
 * level (a nested value that changed shows whole, old and new). Secret values never enter it: a secret field shows
 * only that it changed, as {@code ["(secret)", "(secret)"]} ({@code null} on the side where there was none), and any
 * member whose name reads as a secret is redacted again when the entry is written ({@link #redacted()}).
 */
public final class Changes {

    public static final String SECRET = "(secret)";
    /** Bookkeeping members of every view: they change with every save and say nothing. */
    static final Set<String> BOOKKEEPING = Set.of("id", "createdAt", "updatedAt");
    /** Names that are secrets wherever they appear (lower-cased). */
    static final Set<String> SECRET_NAMES = Set.of("password", "passwordhash", "password_hash", "secret", "secrets",
            "token", "tokenhash", "token_hash", "totpsecret", "totp_secret", "recoverycodes", "apikey", "authorization");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ObjectNode fields;

    private Changes(ObjectNode fields) {
        this.fields = fields;
    }

    public static Changes none() {
        return new Changes(JSON.objectNode());
    }

    /**
     * The members that differ between two views; {@code null} stands for "no object" (a create or a delete), so
     * every member shows. Bookkeeping members ({@code id}, {@code createdAt}, {@code updatedAt}) are left out.
     */
    public static Changes between(JsonNode before, JsonNode after) {
        ObjectNode out = JSON.objectNode();
        Set<String> names = new LinkedHashSet<>();
        before = before == null ? NullNode.getInstance() : before;
        after = after == null ? NullNode.getInstance() : after;
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode old = value(before.get(name));
            JsonNode now = value(after.get(name));
            if (!BOOKKEEPING.contains(name) && !old.equals(now)) {
                out.set(name, pair(old, now));
            }
        }
        return new Changes(out);
    }

    /** Leaves out members that are no change of the object (a computed status, a derived URL). */
    public Changes without(String... names) {
        ObjectNode out = fields.deepCopy();
        for (String name : names) {
            out.remove(name);
        }
        return new Changes(out);
    }

    /**
     * A secret member: whatever the views said of it is dropped, and if the two values differ the change shows as
     * {@code ["(secret)", "(secret)"]} ({@code null} where there was none). The values are compared, never kept.
     */
    public Changes secret(String name, Object oldValue, Object newValue) {
        ObjectNode out = fields.deepCopy();
        out.remove(name);
        if (!Objects.equals(oldValue, newValue)) {
            out.set(name, pair(oldValue == null ? NullNode.getInstance() : JSON.textNode(SECRET),
                    newValue == null ? NullNode.getInstance() : JSON.textNode(SECRET)));
        }
        return new Changes(out);
    }

    /** One change stated directly (plain values: text, numbers, booleans, null). */
    public Changes with(String name, Object oldValue, Object newValue) {
        ObjectNode out = fields.deepCopy();
        out.set(name, pair(plain(oldValue), plain(newValue)));
        return new Changes(out);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The diff as written: members named like secrets redacted, whatever put them there. */
    public ObjectNode redacted() {
        ObjectNode out = fields.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (SECRET_NAMES.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                JsonNode pair = e.getValue();
                e.setValue(pair(redact(pair.path(0)), redact(pair.path(1))));
            }
        }
        return out;
    }

    private static JsonNode redact(JsonNode side) {
        return side.isNull() || side.isMissingNode() ? NullNode.getInstance() : JSON.textNode(SECRET);
    }

    private static JsonNode value(JsonNode n) {
        return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
    }

    private static ArrayNode pair(JsonNode old, JsonNode now) {
        return JSON.arrayNode().add(old).add(now);
    }

    private static JsonNode plain(Object v) {
        if (v == null) {
            return NullNode.getInstance();
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (v instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        return JSON.textNode(v.toString());
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
