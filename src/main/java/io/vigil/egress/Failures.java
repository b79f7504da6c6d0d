package io.vigil.egress;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Turns a connect, response or body failure into an {@link ErrorClass} and a sentence a person can act on. Messages
 * name the host and what went wrong, never an exception class or a stack trace.
 */
final class Failures {

    private Failures() {
    }


    static ProbeError classifyConnectFailure(Throwable t, String host, String target, boolean https) {
        String tls = https ? tlsDetail(t, host) : null;
        if (tls != null) {
            return new ProbeError(ErrorClass.TLS, tls);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof ConnectTimeoutException || m.contains("timed out")) {
                return new ProbeError(ErrorClass.TIMEOUT, "timed out connecting to " + target);
            }
            if (c instanceof NoRouteToHostException || m.contains("no route to host")) {
                return new ProbeError(ErrorClass.CONNECT, "no route to " + target + " (host unreachable)");
            }
            if (m.contains("network is unreachable")) {
                return new ProbeError(ErrorClass.CONNECT, "network unreachable for " + target);
            }
            if (c instanceof ConnectException && m.contains("refused")) {
                return new ProbeError(ErrorClass.CONNECT, "connection refused by " + target + " (nothing listening on that port?)");
            }
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + target + " while connecting");
            }
        }
        if (https && isClosed(t)) {
            return new ProbeError(ErrorClass.TLS, "TLS handshake with " + host + " failed: the server closed the connection");
        }
        return new ProbeError(ErrorClass.CONNECT, "could not connect to " + target + describe(t));
    }

    static ProbeError classifyResponseFailure(Throwable t, String host, String target) {
        String tls = tlsDetail(t, host);
        if (tls != null) {
            return new ProbeError(ErrorClass.TLS, tls);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + target + " before a response arrived");
            }
        }
        if (isClosed(t)) {
            return new ProbeError(ErrorClass.HTTP, "empty reply: " + host + " closed the connection without sending a response");
        }
        return new ProbeError(ErrorClass.HTTP, "malformed HTTP response from " + host + describe(t));
    }

    static ProbeError classifyBodyFailure(Throwable t, String host) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset")) {
                return new ProbeError(ErrorClass.CONNECT, "connection reset by " + host + " while reading the response body");
            }
        }
        if (isClosed(t)) {
            return new ProbeError(ErrorClass.HTTP, host + " closed the connection before the response body was complete");
        }
        return new ProbeError(ErrorClass.HTTP, "malformed HTTP response body from " + host + describe(t));
    }

    private static boolean isClosed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpClosedException
                    || c instanceof ClosedChannelException
                    || String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
                return true;
            }
        }
        return false;
    }

    /** A TLS-specific explanation when {@code t} is a handshake/certificate failure, else null. */
    static String tlsDetail(Throwable t, String host) {
        boolean sawTls = false;
        String firstMessage = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof CertificateException
                    || c instanceof GeneralSecurityException) {
                sawTls = true;
            }
            if (c instanceof CertificateExpiredException) {
                return "TLS error for " + host + ": the certificate has expired";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "TLS error for " + host + ": the certificate is not valid yet (check the server clock)";
            }
            if (c instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return "TLS error for " + host + ": the certificate has been revoked";
            }
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            if (m.contains("No name matching") || m.contains("No subject alternative")) {
                return "TLS error for " + host + ": hostname mismatch, the certificate is not valid for " + host;
            }
            if (m.contains("unable to find valid certification path") || m.contains("PKIX path building failed")) {
                return "TLS error for " + host + ": the certificate is not trusted (self-signed or issued by an unknown authority)";
            }
            if (m.contains("NotAfter") || m.contains("certificate expired")) {
                return "TLS error for " + host + ": the certificate has expired";
            }
            if (sawTls && firstMessage == null && !m.startsWith("Failed to create SSL connection")
                    && !m.contains("Exception")) {
                firstMessage = m;
            }
        }
        if (!sawTls) {
            return null;
        }
        return "TLS handshake with " + host + " failed" + (firstMessage == null ? "" : ": " + firstMessage);
    }

    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && !m.contains("Exception")) {
                return ": " + m;
            }
        }
        return "";
    }
}
