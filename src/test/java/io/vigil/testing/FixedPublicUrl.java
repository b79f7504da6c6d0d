package io.vigil.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The app on a fixed free port whose address is also {@code vigil.public-url}: WebAuthn binds a passkey to the
 * origin, so the browser must reach Vigil at exactly the public URL (http://localhost is a secure context).
 */
public class FixedPublicUrl implements QuarkusTestProfile {

    public static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.test-port", String.valueOf(PORT), "vigil.public-url", "http://localhost:" + PORT);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
