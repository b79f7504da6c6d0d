package io.vigil.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultSpoolTest {

    private static List<String> drain(ResultSpool spool) {
        List<String> out = new ArrayList<>();
        for (var s = spool.oldest(); s.isPresent(); s = spool.oldest()) {
            out.addAll(s.get().lines());
            spool.delivered(s.get());
        }
        return out;
    }

    @Test
    void deliversEverythingInOrderAcrossSegments(@TempDir Path dir) {
        ResultSpool spool = new ResultSpool(dir, 10_000);
        for (int i = 0; i < 1234; i++) {
            spool.append("{\"n\":" + i + "}");
        }
        assertThat(spool.size()).isEqualTo(1234);
        List<String> out = drain(spool);
        assertThat(out).hasSize(1234).first().isEqualTo("{\"n\":0}");
        assertThat(out.get(1233)).isEqualTo("{\"n\":1233}");
        assertThat(spool.size()).isZero();
        spool.close();
    }

    @Test
    void survivesARestartWithNothingLostAndNothingRepeated(@TempDir Path dir) {
        ResultSpool first = new ResultSpool(dir, 10_000);
        for (int i = 0; i < 700; i++) {
            first.append("{\"n\":" + i + "}");
        }
        var segment = first.oldest().orElseThrow();
        first.delivered(segment); // 500 delivered before the restart
        first.close();

        ResultSpool second = new ResultSpool(dir, 10_000);
        assertThat(second.size()).isEqualTo(200);
        second.append("{\"n\":700}");
        List<String> out = drain(second);
        assertThat(out).hasSize(201).first().isEqualTo("{\"n\":500}");
        assertThat(out.get(200)).isEqualTo("{\"n\":700}");
    }

    @Test
    void aLineCutShortByACrashIsIgnored(@TempDir Path dir) throws Exception {
        ResultSpool spool = new ResultSpool(dir, 10_000);
        spool.append("{\"n\":1}");
        spool.close();
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        Files.writeString(file, "{\"n\":2", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ResultSpool reopened = new ResultSpool(dir, 10_000);
        assertThat(drain(reopened)).containsExactly("{\"n\":1}");
    }

    @Test
    void pastTheBoundTheOldestAreDroppedAndCounted(@TempDir Path dir) {
        ResultSpool spool = new ResultSpool(dir, 1000);
        for (int i = 0; i < 1600; i++) {
            spool.append("{\"n\":" + i + "}");
        }
        // Whole oldest segments (500 results) go once the bound is passed; what is kept stays in order.
        assertThat(spool.dropped()).isEqualTo(1000);
        assertThat(spool.size()).isEqualTo(600).isLessThanOrEqualTo(1000);
        List<String> out = drain(spool);
        assertThat(out).hasSize(600);
        assertThat(out.get(0)).isEqualTo("{\"n\":1000}");
        assertThat(out.get(out.size() - 1)).isEqualTo("{\"n\":1599}");
    }
}
