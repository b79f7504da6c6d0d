package io.vigil.probe;

/** The leaf certificate the server presented. */
public record TlsInfo(int daysLeft, String subject, String issuer) {
}
