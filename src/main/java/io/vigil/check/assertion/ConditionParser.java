package io.vigil.check.assertion;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.internal.function.PathFunctionFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for {@code subject operator [value]}. Everything that can be known without a
 * response (types, ranges, regexes, paths) is checked here so that a bad condition is rejected when the check is
 * saved rather than failing on every probe.
 */
final class ConditionParser {

    static final int MAX_LENGTH = 1_000;

    private static final List<String> SUBJECTS = List.of("status", "body", "header", "json", "response_time",
            "tls.days_left", "timing.dns", "timing.connect", "timing.tls", "timing.first_byte", "timing.total");
    private static final String SUBJECT_LIST = "status, body, header <name>, json <path>, response_time, "
            + "timing.<phase>, tls.days_left";
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern PATH_FUNCTION = Pattern.compile("\\.([A-Za-z_]\\w*)\\s*\\(");

    /** The parsed parts; {@code value} is null for unary operators. */
    record Parts(Subject subject, Operator operator, Literal value) {
    }

    private final Tokenizer tokens;

    private ConditionParser(String source) {
        this.tokens = new Tokenizer(source);
    }

    static Parts parse(String source) throws ConditionSyntaxException {
        if (source == null || source.isBlank()) {
            throw new ConditionSyntaxException(1, "empty condition; expected e.g. 'status == 200'");
        }
        if (source.length() > MAX_LENGTH) {
            throw new ConditionSyntaxException(MAX_LENGTH + 1,
                    "condition is too long (" + source.length() + " characters, at most " + MAX_LENGTH + ")");
        }
        return new ConditionParser(source).condition();
    }

    private Parts condition() throws ConditionSyntaxException {
        Subject subject = subject();
        Operator operator = operator(subject);
        Literal value = operator.unary() ? null : value(subject, operator);
        if (tokens.hasMore()) {
            Tokenizer.Token extra = tokens.rest();
            String after = operator.unary() ? "'" + operator.symbol() + "'" : "the value";
            String hint = value instanceof Literal.Str s && !s.quoted() ? "; quote values that contain spaces" : "";
            throw error(extra.column(), "unexpected '" + extra.text() + "' after " + after + hint);
        }
        return new Parts(subject, operator, value);
    }

    // ---- subject ----

    private Subject subject() throws ConditionSyntaxException {
        tokens.hasMore();
        Tokenizer.Token word = tokens.word();
        if (word.isEmpty()) {
            throw error(word.column(), "expected a subject (" + SUBJECT_LIST + ")");
        }
        switch (word.text()) {
            case "status": return Subject.Measure.status();
            case "body": return new Subject.Body();
            case "response_time": return Subject.Measure.responseTime();
            case "tls.days_left": return Subject.Measure.tlsDaysLeft();
            case "header": return header(word);
            case "json": return json(word);
            default: break;
        }
        if (word.text().startsWith("timing.")) {
            String phase = word.text().substring("timing.".length());
            if (Subject.TIMING_PHASES.contains(phase)) {
                return Subject.Measure.timing(phase);
            }
            throw error(word.column() + "timing.".length(), "unknown timing phase '" + phase + "'"
                    + suggestion(phase, Subject.TIMING_PHASES)
                    + "; phases are " + String.join(", ", Subject.TIMING_PHASES));
        }
        Optional<String> near = nearest(word.text(), SUBJECTS);
        throw error(word.column(), "unknown subject '" + word.text() + "'"
                + near.map(s -> "; did you mean '" + s + "'?").orElse("; expected one of " + SUBJECT_LIST));
    }

    private Subject header(Tokenizer.Token keyword) throws ConditionSyntaxException {
        requireSpaceAfter(keyword);
        Tokenizer.Token name = tokens.headerName();
        if (name.isEmpty()) {
            throw error(name.column(), "missing header name after 'header', e.g. 'header Content-Type contains json'");
        }
        return new Subject.Header(name.text());
    }

    private Subject json(Tokenizer.Token keyword) throws ConditionSyntaxException {
        requireSpaceAfter(keyword);
        Tokenizer.Token path = tokens.jsonPath();
        if (path.isEmpty()) {
            throw error(path.column(), "missing JsonPath after 'json', e.g. 'json $.status == \"up\"'");
        }
        if (!path.text().startsWith("$")) {
            throw error(path.column(), "JsonPath must start with '$', e.g. '$." + path.text() + "'");
        }
        try {
            JsonPath.compile(path.text());
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw error(path.column(), "invalid JsonPath '" + path.text() + "': " + e.getMessage());
        }
        checkFunctions(path);
        return new Subject.Json(path.text());
    }

    /** Jayway only notices an unknown function when evaluating; catch the typo now. */
    private void checkFunctions(Tokenizer.Token path) throws ConditionSyntaxException {
        Matcher m = PATH_FUNCTION.matcher(path.text());
        while (m.find()) {
            String name = m.group(1);
            // PathFunctionFactory is in an internal package but is the one source of truth for function names
            if (!PathFunctionFactory.FUNCTIONS.containsKey(name)) {
                List<String> known = new ArrayList<>(PathFunctionFactory.FUNCTIONS.keySet());
                known.sort(null);
                throw error(path.column() + m.start(1), "unknown JsonPath function '" + name + "()'"
                        + suggestion(name, known) + "; functions are " + String.join(", ", known));
            }
        }
    }

    private void requireSpaceAfter(Tokenizer.Token keyword) throws ConditionSyntaxException {
        int at = tokens.column();
        if (!tokens.hasMore() || tokens.column() == at) {
            String what = keyword.text().equals("json") ? "a JsonPath" : "a header name";
            throw error(tokens.column(), "expected " + what + " after '" + keyword.text() + "'");
        }
    }

    // ---- operator ----

    private Operator operator(Subject subject) throws ConditionSyntaxException {
        if (!tokens.hasMore()) {
            throw error(tokens.column(), "missing operator after '" + subject.describe() + "'");
        }
        Tokenizer.Token token = tokens.operator();
        if (token.isEmpty()) {
            Tokenizer.Token found = tokens.rest();
            throw error(found.column(), "expected an operator after '" + subject.describe() + "' but found '"
                    + found.text() + "'; operators are " + String.join(", ", Operator.symbols()));
        }
        Operator operator = Operator.fromSymbol(token.text()).orElseThrow(() -> error(token.column(),
                "unknown operator '" + token.text() + "'" + suggestion(token.text(), Operator.symbols())
                        + "; operators are " + String.join(", ", Operator.symbols())));
        if (!subject.operators().contains(operator)) {
            throw error(token.column(), "operator '" + operator.symbol() + "' cannot be used with "
                    + subject.describe() + kindOf(subject) + "; use one of " + symbols(subject));
        }
        return operator;
    }

    private static String kindOf(Subject subject) {
        if (subject.numeric()) {
            return " (a number)";
        }
        return subject instanceof Subject.Body ? " (text)" : "";
    }

    private static String symbols(Subject subject) {
        return String.join(", ", subject.operators().stream().map(Operator::symbol).toList());
    }

    // ---- value ----

    private Literal value(Subject subject, Operator operator) throws ConditionSyntaxException {
        if (!tokens.hasMore()) {
            String example = operator == Operator.IN ? " (an integer range, e.g. 200..299)" : "";
            throw error(tokens.column(), "missing value after '" + operator.symbol() + "'" + example);
        }
        Tokenizer.Token token = tokens.value();
        if (operator == Operator.IN) {
            return range(token);
        }
        Literal literal = literal(token);
        if (literal instanceof Literal.Null && !(subject instanceof Subject.Json)) {
            throw error(token.column(), "null can only be compared with json values");
        }
        if (Operator.ORDERING.contains(operator) && !(literal instanceof Literal.Num)) {
            throw error(token.column(), "operator '" + operator.symbol() + "' needs a number, got "
                    + literal.describe());
        }
        if (subject.numeric() && !(literal instanceof Literal.Num)) {
            throw error(token.column(), subject.describe() + " is a number; expected a number, got "
                    + literal.describe());
        }
        if (operator == Operator.MATCHES) {
            return regex(token, literal);
        }
        return literal;
    }

    private Literal literal(Tokenizer.Token token) {
        if (token.kind() == Tokenizer.Kind.STRING) {
            return new Literal.Str(token.value(), true);
        }
        String text = token.text();
        switch (text) {
            case "true": return new Literal.Bool(true);
            case "false": return new Literal.Bool(false);
            case "null": return new Literal.Null();
            default: break;
        }
        if (Values.NUMBER.matcher(text).matches()) {
            return new Literal.Num(new BigDecimal(text), text);
        }
        return new Literal.Str(text, false);
    }

    private Literal range(Tokenizer.Token token) throws ConditionSyntaxException {
        String text = token.text();
        int dots = text.indexOf("..");
        if (token.kind() != Tokenizer.Kind.BARE || dots < 0) {
            throw error(token.column(), "expected an integer range like 200..299, got '" + text + "'");
        }
        String low = text.substring(0, dots);
        String high = text.substring(dots + 2);
        if (!INTEGER.matcher(low).matches()) {
            throw error(token.column(), "range start '" + low + "' is not an integer; expected e.g. 200..299");
        }
        if (!INTEGER.matcher(high).matches()) {
            throw error(token.column() + dots + 2, "range end '" + high + "' is not an integer; expected e.g. 200..299");
        }
        BigInteger lo = new BigInteger(low);
        BigInteger hi = new BigInteger(high);
        if (lo.compareTo(hi) > 0) {
            throw error(token.column(), "empty range " + text + ": start is greater than end");
        }
        return new Literal.Range(lo, hi);
    }

    private Literal regex(Tokenizer.Token token, Literal literal) throws ConditionSyntaxException {
        try {
            return new Literal.Regex(Pattern.compile(literal.text()));
        } catch (PatternSyntaxException e) {
            String near = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            throw error(token.column(), "invalid regex: " + e.getDescription() + near);
        }
    }

    // ---- helpers ----

    private ConditionSyntaxException error(int column, String reason) {
        return new ConditionSyntaxException(column, reason);
    }

    private static String suggestion(String typo, List<String> candidates) {
        return nearest(typo, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** The closest candidate within a small edit distance, so only plausible typos get a suggestion. */
    static Optional<String> nearest(String typo, List<String> candidates) {
        String lower = typo.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, typo.length() / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transposition ("stauts"). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
