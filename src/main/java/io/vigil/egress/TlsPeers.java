package io.vigil.egress;

import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a TLS connection tells about its peer and its handshake. */
final class TlsPeers {

    private TlsPeers() {
    }

    /** The timing engine behind a TLS connection; Vert.x keeps the Netty pipeline on its connection base class. */
    static HandshakeTimingEngine handshakeEngine(Object connection) {
        if (connection instanceof ConnectionBase base) {
            SslHandler ssl = base.channelHandlerContext().pipeline().get(SslHandler.class);
            if (ssl != null && ssl.engine() instanceof HandshakeTimingEngine engine) {
                return engine;
            }
        }
        return null;
    }

    static TlsInfo tlsInfo(HttpConnection connection) {
        try {
            return tlsInfo(connection.peerCertificates());
        } catch (Exception e) {
            return null;
        }
    }

    /** Days left, subject and issuer of the leaf of a verified peer chain; null without one. */
    static TlsInfo tlsInfo(List<Certificate> chain) {
        try {
            if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
                return null;
            }
            long msLeft = leaf.getNotAfter().getTime() - System.currentTimeMillis();
            int daysLeft = (int) Math.floorDiv(msLeft, TimeUnit.DAYS.toMillis(1));
            return new TlsInfo(daysLeft, leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName());
        } catch (Exception e) {
            return null;
        }
    }
}
