package io.vigil.egress;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Why a probe did not get a good answer; serialized lower-case ({@code "dns"}, {@code "blocked"}, ...). */
public enum ErrorClass {
    /** The name did not resolve. */
    DNS,
    /** TCP connection refused, reset or unreachable. */
    CONNECT,
    /** Any phase exceeded the check's timeout. */
    TIMEOUT,
    /** Handshake failed: untrusted chain, expired certificate, hostname mismatch. */
    TLS,
    /** Protocol-level problem: malformed response, redirect loop or too many redirects. */
    HTTP,
    /** The response arrived but an assertion failed. */
    ASSERTION,
    /** The egress policy refused the target address (SSRF guard); no connection was made. */
    BLOCKED,
    /** The slot could not be probed (scheduler overloaded or process down). */
    MISSED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorClass fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
