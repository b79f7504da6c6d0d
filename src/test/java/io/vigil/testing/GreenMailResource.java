package io.vigil.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for e-mail tests, and the mailer pointed at it. Tests reach it through
 * {@link #server()}, and can take it away and bring it back on the same port ({@link #stopServer()}, {@link #startServer()}).
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port));
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** The running server, to read what it received. */
    public static GreenMail server() {
        GreenMail s = server;
        if (s == null) {
            throw new IllegalStateException("GreenMail is not running (stopped by the test, or not a test resource here)");
        }
        return s;
    }

    /** The messages received so far for this recipient (any case), oldest first. */
    public static List<MimeMessage> messagesTo(String email) {
        return Arrays.stream(server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(email));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    public static int port() {
        return port;
    }

    /** Starts the server again, empty, on the same port. */
    public static synchronized void startServer() {
        if (server == null) {
            GreenMail s = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            s.start();
            server = s;
        }
    }

    /** Stops the server: connections to its port are refused until {@link #startServer()}. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
