package io.vigil.people.login;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vigil.auth.SecretBox;
import io.vigil.people.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Base64;

/**
 * The one Quarkus OIDC tenant Vigil has, built at run time from {@link SsoConfig} and resolved only for
 * {@code /login/sso} and its callback. The static default tenant is disabled ({@code quarkus.oidc.tenant-enabled=false}),
 * so with no issuer set, or on any other path, Quarkus OIDC authenticates nothing and intercepts nothing.
 * <p>
 * Authorization code flow with PKCE, state and nonce; the state cookie and Quarkus' short-lived session cookie are
 * encrypted with keys derived from {@code vigil.secret-key}, so any replica can finish a flow another one started.
 */
@ApplicationScoped
public class SsoTenant implements TenantConfigResolver {

    static final String ID = "vigil-sso";
    static final String PATH = "/login/sso";
    static final String CALLBACK = "/login/sso/callback";
    /** Where the provider's refusal ({@code ?error=access_denied}) is shown; outside the tenant's paths, public. */
    static final String FAILED = "/login/sso/failed";

    @Inject
    SsoConfig config;
    @Inject
    SecretBox box;

    private volatile OidcTenantConfig tenant;

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        String path = context.normalizedPath();
        if (!config.enabled() || !(PATH.equals(path) || CALLBACK.equals(path))) {
            return null;
        }
        return Uni.createFrom().item(tenant());
    }

    private OidcTenantConfig tenant() {
        OidcTenantConfig t = tenant;
        if (t == null) {
            t = build();
            tenant = t;
        }
        return t;
    }

    private OidcTenantConfig build() {
        OidcTenantConfigBuilder b = OidcTenantConfig.builder().tenantId(ID).authServerUrl(config.issuer().orElseThrow())
                .clientId(config.clientId().orElseThrow()).applicationType(ApplicationType.WEB_APP);
        config.clientSecret().filter(s -> !s.isEmpty()).ifPresent(b::credentials);
        return b.authentication()
                .scopes("email", "profile")
                .pkceRequired(true)
                .userInfoRequired(true)
                .nonceRequired(true)
                .redirectPath(CALLBACK)
                .errorPath(FAILED)
                .restorePathAfterRedirect(true)
                .javaScriptAutoRedirect(false)
                .stateSecret(key("oidc-state"))
                .end()
                .tokenStateManager().encryptionSecret(key("oidc-session")).end()
                .build();
    }

    private String key(String purpose) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(box.deriveKey(purpose));
    }
}
