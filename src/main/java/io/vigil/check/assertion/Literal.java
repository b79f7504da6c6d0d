package io.vigil.check.assertion;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** The right-hand side of a condition, already validated for its operator. */
sealed interface Literal {

    /** The value as text, for the textual operators ({@code contains}, {@code matches}, string equality). */
    String text();

    /** How the value reads in an error message. */
    String describe();

    record Num(BigDecimal value, String text) implements Literal {
        @Override
        public String describe() {
            return "number " + text;
        }
    }

    /** A quoted string, or a bare word ({@code quoted == false}). */
    record Str(String text, boolean quoted) implements Literal {
        @Override
        public String describe() {
            return quoted ? "string \"" + text + "\"" : "word '" + text + "'";
        }
    }

    record Bool(boolean value) implements Literal {
        @Override
        public String text() {
            return Boolean.toString(value);
        }

        @Override
        public String describe() {
            return "boolean " + value;
        }
    }

    record Null() implements Literal {
        @Override
        public String text() {
            return "null";
        }

        @Override
        public String describe() {
            return "null";
        }
    }

    /** Inclusive integer range for {@code in}. */
    record Range(BigInteger low, BigInteger high) implements Literal {
        @Override
        public String text() {
            return low + ".." + high;
        }

        @Override
        public String describe() {
            return "range " + text();
        }

        boolean contains(BigDecimal n) {
            return n.compareTo(new BigDecimal(low)) >= 0 && n.compareTo(new BigDecimal(high)) <= 0;
        }
    }

    record Regex(Pattern pattern) implements Literal {
        @Override
        public String text() {
            return pattern.pattern();
        }

        @Override
        public String describe() {
            return "regex \"" + pattern.pattern() + "\"";
        }
    }
}
