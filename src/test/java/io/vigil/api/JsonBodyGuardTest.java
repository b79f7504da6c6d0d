package io.vigil.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte scan that spares a clean JSON body a second tokenization (only a body it flags is tokenized twice). */
class JsonBodyGuardTest {

    @Test
    void aCleanBodyIsNotFlagged() {
        assertThat(JsonBodyGuard.mayHoldNul(utf8("{\"name\":\"a\\u0001b\",\"n\":0,\"s\":\"\\u0030\"}"))).isFalse();
        assertThat(JsonBodyGuard.mayHoldNul(utf8("{\"u\":\"\\u000\"}"))).isFalse();
        assertThat(JsonBodyGuard.mayHoldNul(utf8("\\u000"))).isFalse();
        assertThat(JsonBodyGuard.mayHoldNul(new byte[0])).isFalse();
    }

    @Test
    void anEscapedOrRawNulIsFlagged() {
        assertThat(JsonBodyGuard.mayHoldNul(utf8("{\"name\":\"a\\u0000b\"}"))).isTrue();
        assertThat(JsonBodyGuard.mayHoldNul(utf8("\\u0000"))).isTrue();
        assertThat(JsonBodyGuard.mayHoldNul(new byte[]{'{', '"', 'a', 0, '"', '}'})).isTrue();
        // a false alarm the tokenizer then clears (an escaped backslash, then the text "u0000")
        assertThat(JsonBodyGuard.mayHoldNul(utf8("{\"name\":\"a\\\\u0000\"}"))).isTrue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
