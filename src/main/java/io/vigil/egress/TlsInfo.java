package io.vigil.egress;

/** The leaf certificate the server presented. */
public record TlsInfo(int daysLeft, String subject, String issuer) {
}
