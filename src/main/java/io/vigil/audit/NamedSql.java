package io.vigil.audit;

import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL text for both ways a change reaches the database: Hibernate Reactive native queries take it as written
 * ({@code :name} parameters), the Vert.x client as {@code $n} with a {@link Tuple} in that order.
 */
record NamedSql(String named, String positional, List<String> order) {

    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([a-zA-Z][a-zA-Z0-9]*)");

    static NamedSql of(String sql) {
        List<String> order = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = order.indexOf(m.group(1));
            if (index < 0) {
                order.add(m.group(1));
                index = order.size() - 1;
            }
            m.appendReplacement(out, "\\$" + (index + 1));
        }
        m.appendTail(out);
        return new NamedSql(sql, out.toString(), List.copyOf(order));
    }

    /** The values in {@code $n} order; every parameter must be given (null is a value). */
    Tuple tuple(Map<String, Object> values) {
        Tuple t = Tuple.tuple();
        for (String name : order) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            t.addValue(values.get(name));
        }
        return t;
    }
}
