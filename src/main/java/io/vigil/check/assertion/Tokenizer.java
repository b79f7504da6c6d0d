package io.vigil.check.assertion;

/**
 * Splits a condition into tokens. The parser asks for the kind of token it expects next, because what counts
 * as one token depends on position: a JsonPath may contain spaces inside brackets, a bare-word value may contain
 * {@code /} or {@code ;}, and a header name may contain {@code -}.
 */
final class Tokenizer {

    enum Kind { WORD, SYMBOL, STRING, BARE, PATH }

    /**
     * @param text   the token as written in the source
     * @param value  the decoded value (differs from {@code text} only for quoted strings)
     * @param column 1-based column of the first character
     */
    record Token(Kind kind, String text, String value, int column) {
        boolean isEmpty() {
            return text.isEmpty();
        }
    }

    private static final String OPERATOR_CHARS = "=!<>";

    private final String source;
    private int pos;

    Tokenizer(String source) {
        this.source = source;
    }

    /** Column of the next unread character; one past the end when everything was read. */
    int column() {
        return pos + 1;
    }

    /** Skips whitespace; reports whether anything is left. */
    boolean hasMore() {
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
        return pos < source.length();
    }

    /** Subject keyword: letters, digits, {@code _} and {@code .} (for {@code timing.dns}, {@code tls.days_left}). */
    Token word() {
        return take(Kind.WORD, c -> Character.isLetterOrDigit(c) || c == '_' || c == '.');
    }

    /** An RFC 9110 field name, minus {@code !} so that {@code header X-A!=1} still finds its operator. */
    Token headerName() {
        return take(Kind.WORD, c -> c < 128 && (Character.isLetterOrDigit(c) || "#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }

    /**
     * A JsonPath runs until whitespace or an operator character outside brackets, parentheses and quotes, so
     * filters like {@code $.items[?(@.price > 10)]} stay whole while {@code $.count>=3} still splits.
     */
    Token jsonPath() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (quote != 0) {
                if (c == '\\' && pos + 1 < source.length()) {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (Character.isWhitespace(c) || OPERATOR_CHARS.indexOf(c) >= 0)) {
                break;
            }
            pos++;
        }
        return token(Kind.PATH, start);
    }

    /** A symbolic operator ({@code ==}, {@code <=}, ...) or a word operator, optionally negated ({@code !contains}). */
    Token operator() {
        int start = pos;
        if (pos + 1 < source.length() && source.charAt(pos) == '!' && Character.isLetter(source.charAt(pos + 1))) {
            pos++;
            while (pos < source.length() && Character.isLetter(source.charAt(pos))) {
                pos++;
            }
            return token(Kind.WORD, start);
        }
        if (pos < source.length() && Character.isLetter(source.charAt(pos))) {
            return take(Kind.WORD, Character::isLetter);
        }
        return take(Kind.SYMBOL, c -> OPERATOR_CHARS.indexOf(c) >= 0);
    }

    /** A double-quoted string with backslash escapes, or else everything up to the next whitespace. */
    Token value() throws ConditionSyntaxException {
        if (pos < source.length() && source.charAt(pos) == '"') {
            return quoted();
        }
        return take(Kind.BARE, c -> !Character.isWhitespace(c));
    }

    /** The rest of the current non-blank run, for error messages about unexpected input. */
    Token rest() {
        return take(Kind.BARE, c -> !Character.isWhitespace(c));
    }

    private Token quoted() throws ConditionSyntaxException {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Kind.STRING, source.substring(start, pos), value.toString(), start + 1);
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new ConditionSyntaxException(start + 1, "unterminated string: missing closing '\"'");
    }

    private char escape() throws ConditionSyntaxException {
        int at = pos;
        if (pos + 1 >= source.length()) {
            throw new ConditionSyntaxException(at + 1, "unterminated string: missing closing '\"'");
        }
        char c = source.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'u':
                if (pos + 4 <= source.length()) {
                    String hex = source.substring(pos, pos + 4);
                    if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        pos += 4;
                        return (char) Integer.parseInt(hex, 16);
                    }
                }
                throw new ConditionSyntaxException(at + 1, "invalid unicode escape: expected \\u and 4 hex digits");
            default:
                throw new ConditionSyntaxException(at + 1, "unknown escape '\\" + c
                        + "' in string; write '\\\\' for a literal backslash (e.g. \"\\\\d+\" in a regex)");
        }
    }

    private interface CharTest {
        boolean test(char c);
    }

    private Token take(Kind kind, CharTest accept) {
        int start = pos;
        while (pos < source.length() && accept.test(source.charAt(pos))) {
            pos++;
        }
        return token(kind, start);
    }

    private Token token(Kind kind, int start) {
        String text = source.substring(start, pos);
        return new Token(kind, text, text, start + 1);
    }
}
