package io.vigil.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID Connect provider on 127.0.0.1 and a random port (NAV's mock-oauth2-server: discovery, JWKS, RS256-signed
 * ID tokens, authorization code flow with PKCE and nonce), and Vigil's {@code vigil.oidc.issuer} pointed at it. A test
 * chooses who the provider says the next user is with {@link #nextUser}.
 */
public class OidcProviderResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER_ID = "vigil-test";
    public static final String CLIENT_ID = "vigil-console";

    private static volatile MockOAuth2Server server;

    @Override
    public Map<String, String> start() {
        MockOAuth2Server s = new MockOAuth2Server();
        try {
            s.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        server = s;
        return Map.of("vigil.oidc.issuer", s.issuerUrl(ISSUER_ID).toString(), "vigil.oidc.client-id", CLIENT_ID,
                "vigil.oidc.client-secret", "a-client-secret-the-provider-accepts");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /** The claims of the next ID token the provider issues (the subject is the e-mail address). */
    public static void nextUser(String email, Object emailVerified, String name) {
        Map<String, Object> claims = name == null ? Map.of("email", email, "email_verified", emailVerified)
                : Map.of("email", email, "email_verified", emailVerified, "name", name);
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, email, "JWT", null, claims, 3600));
    }

    /**
     * The next user as a provider that keeps the e-mail out of the ID token and tells it only at its UserInfo endpoint
     * (which answers with the access token's claims): the first token issued (the ID token) lacks {@code email}.
     */
    public static void nextUserKnownAtUserInfo(String email, String name) {
        Map<String, Object> claims = Map.of("email", email, "email_verified", true, "name", name);
        AtomicInteger issued = new AtomicInteger();
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-" + name, "JWT", null, claims, 3600) {
            @Override
            public Map<String, Object> addClaims(TokenRequest request) {
                Map<String, Object> all = new HashMap<>(super.addClaims(request));
                if (issued.getAndIncrement() == 0) {
                    all.remove("email");
                    all.remove("email_verified");
                }
                return all;
            }
        });
    }
}
