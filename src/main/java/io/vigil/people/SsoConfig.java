package io.vigil.people;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.auth.Role;

import java.util.List;
import java.util.Optional;

/**
 * Console single sign-on with an OpenID Connect provider ({@code VIGIL_OIDC_*}). Off unless an issuer and a client id
 * are set, so the rest of Vigil never depends on a provider being there.
 */
@ConfigMapping(prefix = "vigil.oidc")
public interface SsoConfig {

    /** The provider's issuer URL (its discovery document is {@code <issuer>/.well-known/openid-configuration}). */
    Optional<String> issuer();

    /** The client id Vigil is registered under at the provider. */
    Optional<String> clientId();

    /** The client secret (confidential client); without one Vigil is a public client and relies on PKCE alone. */
    Optional<String> clientSecret();

    /** E-mail domains that may sign in (case-insensitive, exact match); none = any verified e-mail address. */
    Optional<List<String>> allowedDomains();

    /** The slug of the workspace a first-time SSO user joins. */
    @WithDefault("default")
    String workspace();

    /** The role a first-time SSO user gets in that workspace. */
    @WithDefault("viewer")
    Role role();

    /** The text of the sign-in page's SSO button. */
    @WithDefault("Sign in with single sign-on")
    String buttonLabel();

    default boolean enabled() {
        return issuer().filter(s -> !s.isBlank()).isPresent() && clientId().filter(s -> !s.isBlank()).isPresent();
    }

    /** Whether an address of {@code domain} (lower case) may sign in. */
    default boolean allows(String domain) {
        List<String> allowed = allowedDomains().orElse(List.of()).stream().map(String::strip).filter(d -> !d.isEmpty()).toList();
        return allowed.isEmpty() || allowed.stream().anyMatch(d -> d.equalsIgnoreCase(domain));
    }
}
