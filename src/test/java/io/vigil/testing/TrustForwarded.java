package io.vigil.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The app behind a trusted reverse proxy: X-Forwarded-For / -Proto / -Host are believed. */
public class TrustForwarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("vigil.status-pages.trust-forwarded", "true");
    }
}
