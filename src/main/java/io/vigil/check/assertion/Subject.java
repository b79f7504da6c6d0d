package io.vigil.check.assertion;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The left-hand side of a condition: which part of the probe result is looked at. */
sealed interface Subject {

    List<String> TIMING_PHASES = List.of("dns", "connect", "tls", "first_byte", "total");

    /** How the subject reads in messages, e.g. {@code header Content-Type}. */
    String describe();

    /** Operators that make sense for this subject; anything else is rejected at parse time. */
    Set<Operator> operators();

    /** Whether values compared with this subject must be numbers (decidable at parse time). */
    default boolean numeric() {
        return false;
    }

    Observed observe(EvaluationContext context);

    private static Observed number(Number value, String absentReason) {
        return value == null ? new Observed.Absent(absentReason, false) : new Observed.Present(value, false);
    }

    private static String noResponseOr(Observation o, String reason) {
        return o.statusCode() == null ? "no response" : reason;
    }

    record Status() implements Subject {
        @Override
        public String describe() {
            return "status";
        }

        @Override
        public Set<Operator> operators() {
            return Operator.NUMERIC;
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public Observed observe(EvaluationContext context) {
            return number(context.observation().statusCode(), "no response");
        }
    }

    record Body() implements Subject {
        @Override
        public String describe() {
            return "body";
        }

        @Override
        public Set<Operator> operators() {
            return Operator.TEXTUAL;
        }

        @Override
        public Observed observe(EvaluationContext context) {
            String body = context.observation().body();
            return body == null ? absent(context.observation()) : new Observed.Present(body, false);
        }

        static Observed absent(Observation o) {
            return new Observed.Absent(noResponseOr(o, "no body"), false);
        }
    }

    /** Header values are text, but numeric comparisons are allowed because headers often carry numbers. */
    record Header(String name) implements Subject {
        @Override
        public String describe() {
            return "header " + name;
        }

        @Override
        public Set<Operator> operators() {
            return EnumSet.allOf(Operator.class);
        }

        @Override
        public Observed observe(EvaluationContext context) {
            Observation o = context.observation();
            List<String> values = o.header(name);
            if (values == null || values.isEmpty()) {
                return o.statusCode() == null
                        ? new Observed.Absent("no response", false)
                        : new Observed.Absent("no header", true);
            }
            return new Observed.Present(String.join(", ", values), false);
        }
    }

    record Json(String path) implements Subject {
        @Override
        public String describe() {
            return "json " + path;
        }

        @Override
        public Set<Operator> operators() {
            return EnumSet.allOf(Operator.class);
        }

        @Override
        public Observed observe(EvaluationContext context) {
            Observed document = context.document();
            if (!(document instanceof Observed.Present parsed)) {
                return document;
            }
            // Compiled per evaluation: a compiled JsonPath keeps evaluation state in its function parameters, so
            // sharing one across probe threads is unsafe (json-path/JsonPath#975). Compiling is microseconds.
            JsonPath compiled = JsonPath.compile(path);
            try {
                Object value = compiled.read(parsed.value(), context.jsonConfiguration());
                if (!compiled.isDefinite() && value instanceof List<?> matches && matches.isEmpty()) {
                    return new Observed.Absent("path not found", true);
                }
                return new Observed.Present(value, true);
            } catch (PathNotFoundException e) {
                return new Observed.Absent("path not found", true);
            } catch (JsonPathException e) {
                return new Observed.Absent("path error: " + e.getMessage(), false);
            }
        }
    }

    record ResponseTime() implements Subject {
        @Override
        public String describe() {
            return "response_time";
        }

        @Override
        public Set<Operator> operators() {
            return Operator.NUMERIC;
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public Observed observe(EvaluationContext context) {
            return number(context.observation().responseTimeMs(), "no response");
        }
    }

    record Timing(String phase) implements Subject {
        @Override
        public String describe() {
            return "timing." + phase;
        }

        @Override
        public Set<Operator> operators() {
            return Operator.NUMERIC;
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public Observed observe(EvaluationContext context) {
            return number(context.observation().timingMs(phase), "no " + phase + " timing");
        }
    }

    record TlsDaysLeft() implements Subject {
        @Override
        public String describe() {
            return "tls.days_left";
        }

        @Override
        public Set<Operator> operators() {
            return Operator.NUMERIC;
        }

        @Override
        public boolean numeric() {
            return true;
        }

        @Override
        public Observed observe(EvaluationContext context) {
            return number(context.observation().tlsDaysLeft(), "no TLS");
        }
    }
}
