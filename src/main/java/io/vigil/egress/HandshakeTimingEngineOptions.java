package io.vigil.egress;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;
import java.util.Set;

/**
 * The JDK TLS engine, with every client engine wrapped in a {@link HandshakeTimingEngine}. Certificate and
 * hostname verification are untouched: they stay with the wrapped engine and Vert.x's settings.
 */
public final class HandshakeTimingEngineOptions extends JdkSSLEngineOptions {

    @Override
    public HandshakeTimingEngineOptions copy() {
        return new HandshakeTimingEngineOptions();
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory jdk = super.sslContextFactory();
        return new SslContextFactory() {
            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                jdk.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                jdk.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                jdk.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
                jdk.keyMananagerFactory(kmf);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
                jdk.trustManagerFactory(tmf);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
                jdk.enabledCipherSuites(enabledCipherSuites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
                jdk.applicationProtocols(applicationProtocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String serverName) {
                jdk.serverName(serverName);
                return this;
            }

            @Override
            public SslContext create() throws SSLException {
                return new TimingContext(jdk.create());
            }
        };
    }

    /** Delegates to the JDK context; only engine creation is wrapped. */
    private static final class TimingContext extends SslContext {

        private final SslContext delegate;

        TimingContext(SslContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isClient() {
            return delegate.isClient();
        }

        @Override
        public List<String> cipherSuites() {
            return delegate.cipherSuites();
        }

        @Override
        @SuppressWarnings("deprecation")
        public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
            return delegate.applicationProtocolNegotiator();
        }

        @Override
        public SSLEngine newEngine(ByteBufAllocator alloc) {
            return wrap(delegate.newEngine(alloc));
        }

        @Override
        public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
            return wrap(delegate.newEngine(alloc, peerHost, peerPort));
        }

        @Override
        public SSLSessionContext sessionContext() {
            return delegate.sessionContext();
        }

        private SSLEngine wrap(SSLEngine engine) {
            return delegate.isClient() ? new HandshakeTimingEngine(engine) : engine;
        }
    }
}
