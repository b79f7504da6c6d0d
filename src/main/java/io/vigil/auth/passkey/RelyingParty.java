package io.vigil.auth.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import io.vigil.VigilConfig;
import io.vigil.api.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The WebAuthn relying party (webauthn4j): parses and verifies what the browser's authenticator answered. Its id is the
 * host of {@code vigil.public-url} and the one origin it accepts is that URL's scheme, host and port, so a passkey made
 * for one Vigil address works there only. Attestation is not asked for ("none"): any authenticator may be a passkey.
 */
@ApplicationScoped
public class RelyingParty {

    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    /** A verified new credential, as stored. */
    public record Registered(byte[] credentialId, byte[] credential, long signCount, boolean uvInitialized,
                             boolean backupEligible, boolean backupState, String transports) {
    }

    /** A stored credential, as an assertion is checked against it. */
    public record Stored(byte[] credential, long signCount, boolean uvInitialized, boolean backupEligible,
                         boolean backupState) {
    }

    @Inject
    VigilConfig vigil;

    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final AttestedCredentialDataConverter credentials = new AttestedCredentialDataConverter(converter);
    private String id;
    private Origin origin;

    @PostConstruct
    void init() {
        URI url = URI.create(vigil.publicUrl());
        id = url.getHost();
        origin = Origin.create(url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()));
    }

    public String id() {
        return id;
    }

    /** A registration response ({@code PublicKeyCredential} JSON), parsed but not verified; 400 when malformed. */
    public RegistrationData parseRegistration(String json) {
        try {
            RegistrationData data = manager.parseRegistrationResponseJSON(json);
            if (data.getCollectedClientData() == null || data.getAttestationObject() == null) {
                throw ApiException.invalid("credential", "is not a passkey registration");
            }
            return data;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // webauthn4j answers some malformed input with NullPointerException or IllegalArgumentException
            throw ApiException.invalid("credential", "is not a passkey registration");
        }
    }

    /** An assertion ({@code PublicKeyCredential} JSON), parsed but not verified; 400 when malformed. */
    public AuthenticationData parseAssertion(String json) {
        try {
            AuthenticationData data = manager.parseAuthenticationResponseJSON(json);
            if (data.getCollectedClientData() == null || data.getCredentialId() == null) {
                throw ApiException.invalid("credential", "is not a passkey assertion");
            }
            return data;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.invalid("credential", "is not a passkey assertion");
        }
    }

    /** Verifies a registration against its challenge: origin, RP id hash, user verification, algorithm. */
    public Registered verify(RegistrationData data, byte[] challenge) {
        try {
            manager.verify(data, new RegistrationParameters(server(challenge), ALGORITHMS, true, true));
        } catch (WebAuthnException e) {
            throw ApiException.invalid("credential", "was refused: " + e.getClass().getSimpleName());
        }
        AuthenticatorData<?> auth = data.getAttestationObject().getAuthenticatorData();
        String transports = data.getTransports() == null ? "" : data.getTransports().stream()
                .map(AuthenticatorTransport::getValue).collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining(","));
        return new Registered(auth.getAttestedCredentialData().getCredentialId(),
                credentials.convert(auth.getAttestedCredentialData()), auth.getSignCount(), auth.isFlagUV(),
                auth.isFlagBE(), auth.isFlagBS(), transports);
    }

    /**
     * Verifies an assertion against its challenge and the stored credential: signature, origin, RP id hash, user
     * presence (and verification when {@code userVerification}), and a sign counter that must rise unless both are 0.
     */
    public void verify(AuthenticationData data, byte[] challenge, Stored stored, boolean userVerification) {
        CredentialRecordImpl record = new CredentialRecordImpl(null, stored.uvInitialized(), stored.backupEligible(),
                stored.backupState(), stored.signCount(), credentials.convert(stored.credential()), null, null, null, null);
        try {
            manager.verify(data, new AuthenticationParameters(server(challenge), record, List.of(data.getCredentialId()),
                    userVerification, true));
        } catch (WebAuthnException e) {
            throw ApiException.invalid("credential", "was refused: " + e.getClass().getSimpleName());
        }
    }

    private ServerProperty server(byte[] challenge) {
        return new ServerProperty(Set.of(origin), id, new DefaultChallenge(challenge));
    }
}
