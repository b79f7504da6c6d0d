package io.vigil.notify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared length helpers: {@link Text#truncate} and {@link Text#fitLines}. */
class TextTest {

    @Test
    void truncateLeavesTextThatFitsAsItIs() {
        assertThat(Text.truncate("Checkout API", 12)).isEqualTo("Checkout API");
        assertThat(Text.truncate("", 0)).isEmpty();
    }

    @Test
    void truncateCutsToTheLimitEndingWithAnEllipsis() {
        String cut = Text.truncate("Checkout API is down", 10);
        assertThat(cut).isEqualTo("Checkout …").hasSize(10);
    }

    @Test
    void truncateNeverSplitsASurrogatePair() {
        // "ab" then an emoji (two UTF-16 units): cutting at 3 would keep half of it.
        String cut = Text.truncate("ab🔴cdef", 4);
        assertThat(cut).isEqualTo("ab…");
        assertThat(Text.truncate("ab🔴cdef", 5)).isEqualTo("ab🔴…");
    }

    @Test
    void truncateToOneOrLessIsJustTheEllipsis() {
        assertThat(Text.truncate("abc", 1)).isEqualTo("…");
        assertThat(Text.truncate("abc", 0)).isEqualTo("…");
        assertThat(Text.truncate("a", 1)).isEqualTo("a");
    }

    @Test
    void fitLinesJoinsLinesThatFit() {
        assertThat(Text.fitLines(List.of("• one", "• two", "• three"), 100)).isEqualTo("• one\n• two\n• three");
        assertThat(Text.fitLines(List.of(), 100)).isEmpty();
    }

    @Test
    void fitLinesCountsWhatDoesNotFit() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("• check number " + i);
        }
        String fitted = Text.fitLines(lines, 200);
        assertThat(fitted.length()).isLessThanOrEqualTo(200);
        assertThat(fitted).startsWith("• check number 0\n• check number 1\n");
        String[] out = fitted.split("\n");
        int shown = out.length - 1;
        assertThat(out[shown]).isEqualTo("… and " + (50 - shown) + " more");
        assertThat(List.of(out).subList(0, shown)).isEqualTo(lines.subList(0, shown));
    }

    @Test
    void fitLinesKeepsRoomForTheCountWhileLinesRemain() {
        // The last line may use all the room: 5 + 1 + 13 = 19.
        assertThat(Text.fitLines(List.of("aaaaa", "bbbbbbbbbbbbb"), 19)).isEqualTo("aaaaa\nbbbbbbbbbbbbb");
        // A line is shown only with room for "\n… and N more" (13 characters) after it while lines remain.
        assertThat(Text.fitLines(List.of("aaaaa", "bbbbb", "c"), 17)).isEqualTo("… and 3 more");
        assertThat(Text.fitLines(List.of("aaaaa", "bbbbb", "c"), 19)).isEqualTo("aaaaa\n… and 2 more");
    }

    @Test
    void fitLinesWithAFirstLineTooLongSaysOnlyHowMany() {
        assertThat(Text.fitLines(List.of("x".repeat(500), "short"), 100)).isEqualTo("… and 2 more");
    }
}
