package io.vigil.check.assertion;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Regex search with a time limit. Patterns are user-written and bodies come from arbitrary servers, so a
 * catastrophically backtracking pattern must not pin a probe thread; {@link java.util.regex} has no timeout,
 * hence the deadline check inside {@code charAt}, which the matcher calls constantly.
 */
final class BoundedRegex {

    static final Duration LIMIT = Duration.ofMillis(250);

    /** The search was abandoned; the message is meant to be shown as the actual value. */
    static final class Abandoned extends RuntimeException {
        Abandoned(String message) {
            super(message, null, false, false);
        }
    }

    private BoundedRegex() {
    }

    /** {@link java.util.regex.Matcher#find()} semantics; throws {@link Abandoned} past {@link #LIMIT}. */
    static boolean find(Pattern pattern, String input) {
        try {
            return pattern.matcher(new DeadlineCharSequence(input, System.nanoTime() + LIMIT.toNanos())).find();
        } catch (StackOverflowError e) {
            // java.util.regex recurses per repetition of a group like (a|b)*, so a long body can exhaust the stack;
            // the stack unwinds cleanly, so this is a failed assertion, not a broken thread
            throw new Abandoned("regex too complex for this body (stack overflow)");
        }
    }

    private static final class DeadlineCharSequence implements CharSequence {
        private final CharSequence inner;
        private final long deadline;
        private int calls;

        DeadlineCharSequence(CharSequence inner, long deadline) {
            this.inner = inner;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            // nanoTime is cheap but not free; sampling keeps the overhead negligible
            if ((++calls & 0x3FF) == 0 && System.nanoTime() > deadline) {
                throw new Abandoned("regex timed out after " + LIMIT.toMillis() + " ms");
            }
            return inner.charAt(index);
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(inner.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
