package io.vigil.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code promtool check metrics} (Debian package {@code prometheus}), fed an exposition on stdin. */
final class Promtool {

    /** What promtool said and how it ended. */
    record Verdict(int exit, List<String> lines) {
        List<String> about(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    private Promtool() {
    }

    static Verdict check(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish in 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Verdict(p.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
    }
}
