package io.vigil.check.assertion;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One user-written assertion such as {@code status in 200..299} or {@code json $.db == "up"}. Parsed and
 * validated once when the check is saved; immutable and safe to evaluate from many probe threads.
 * The language is described in {@code docs/assertions.md}.
 */
public final class Condition {

    private final String text;
    private final Subject subject;
    private final Operator operator;
    private final Literal value;

    private Condition(String text, ConditionParser.Parts parts) {
        this.text = text;
        this.subject = parts.subject();
        this.operator = parts.operator();
        this.value = parts.value();
    }

    public static Condition parse(String text) throws ConditionSyntaxException {
        return new Condition(text, ConditionParser.parse(text));
    }

    /** Evaluates several conditions against one observation, parsing a JSON body at most once. */
    public static List<AssertionResult> evaluateAll(List<Condition> conditions, Observation observation) {
        EvaluationContext context = EvaluationContext.of(observation);
        List<AssertionResult> results = new ArrayList<>(conditions.size());
        for (Condition condition : conditions) {
            results.add(condition.evaluate(context));
        }
        return results;
    }

    /** What the condition looks at, as it reads in messages: {@code status}, {@code body}, {@code json $.a}, {@code timing.connect}, ... */
    public String subject() {
        return subject.describe();
    }

    /** The condition exactly as written. */
    public String text() {
        return text;
    }

    public AssertionResult evaluate(Observation observation) {
        return evaluate(EvaluationContext.of(observation));
    }

    /** Never throws: whatever goes wrong is a failed assertion, so one odd response cannot lose a probe result. */
    public AssertionResult evaluate(EvaluationContext context) {
        Observed observed;
        try {
            observed = subject.observe(context);
        } catch (RuntimeException e) {
            return result(false, "error: " + e.getMessage());
        }
        String actual = Values.render(observed);
        if (observed instanceof Observed.Absent absent) {
            boolean passed = absent.missing() && operator == Operator.NOT_EXISTS;
            return result(passed, actual);
        }
        try {
            return result(test(((Observed.Present) observed).value()), actual);
        } catch (BoundedRegex.Abandoned e) {
            return result(false, e.getMessage());
        } catch (RuntimeException e) {
            return result(false, "error: " + e.getMessage());
        }
    }

    private boolean test(Object actual) {
        switch (operator) {
            case EQ: return Values.equal(actual, value);
            case NE: return !Values.equal(actual, value);
            case LT: return ordered(actual, c -> c < 0);
            case LE: return ordered(actual, c -> c <= 0);
            case GT: return ordered(actual, c -> c > 0);
            case GE: return ordered(actual, c -> c >= 0);
            case IN: {
                BigDecimal n = Values.number(actual);
                return n != null && ((Literal.Range) value).contains(n);
            }
            case CONTAINS: return Values.contains(actual, value);
            case NOT_CONTAINS: return !Values.contains(actual, value);
            case MATCHES: return actual != null && BoundedRegex.find(((Literal.Regex) value).pattern(), Values.text(actual));
            case EXISTS: return true;
            case NOT_EXISTS: return false;
            default: throw new AssertionError(operator);
        }
    }

    /** Ordering only means something between numbers; a non-numeric actual value fails the condition. */
    private boolean ordered(Object actual, IntPredicate accept) {
        BigDecimal n = Values.number(actual);
        return n != null && accept.test(n.compareTo(((Literal.Num) value).value()));
    }

    private AssertionResult result(boolean passed, String actual) {
        return new AssertionResult(text, passed, Values.truncate(actual));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
