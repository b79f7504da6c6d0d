package io.vigil.auth.passkey;

import java.util.List;

/**
 * What the browser's {@code navigator.credentials.create()} and {@code .get()} take, as JSON with base64url strings
 * for the binary fields ({@code static/passkeys.js} turns them into bytes). Names are WebAuthn's.
 */
public final class PasskeyOptions {

    private PasskeyOptions() {
    }

    public record Rp(String id, String name) {
    }

    public record UserEntity(String id, String name, String displayName) {
    }

    public record Param(String type, long alg) {
    }

    public record Descriptor(String type, String id, List<String> transports) {
    }

    public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
    }

    /** {@code PublicKeyCredentialCreationOptions}: a discoverable credential with user verification. */
    public record Creation(String challenge, Rp rp, UserEntity user, List<Param> pubKeyCredParams, long timeout,
                           String attestation, Selection authenticatorSelection, List<Descriptor> excludeCredentials) {
    }

    /** {@code PublicKeyCredentialRequestOptions}. */
    public record Request(String challenge, String rpId, long timeout, String userVerification,
                          List<Descriptor> allowCredentials) {
    }
}
