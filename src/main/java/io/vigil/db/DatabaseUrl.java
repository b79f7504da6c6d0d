package io.vigil.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the single {@code VIGIL_DB_URL} ({@code postgresql://user:password@host:5432/db}) into the JDBC URL
 * (Flyway) and reactive URL (everything else) that Quarkus wants.
 */
public final class DatabaseUrl {

    private DatabaseUrl() {
    }

    public static Map<String, String> toDatasourceProperties(String url) {
        String normalized = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = URI.create(normalized.replaceFirst("^postgres(ql)?://", "postgresql://"));
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("VIGIL_DB_URL must look like postgresql://user:password@host:5432/database");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String hostPort = uri.getHost() + ":" + port + uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort + query);
        props.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort + query);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            props.put("quarkus.datasource.username", decode(parts[0]));
            if (parts.length > 1) {
                props.put("quarkus.datasource.password", decode(parts[1]));
            }
        }
        return props;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
