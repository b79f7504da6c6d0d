package io.vigil.check.assertion;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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

    /** A number the probe measured: {@code status}, {@code response_time}, {@code timing.<phase>}, {@code tls.days_left}. */
    record Measure(String describe, Function<Observation, Number> read, String absentReason) implements Subject {

        static Measure status() {
            return new Measure("status", Observation::statusCode, "no response");
        }

        static Measure responseTime() {
            return new Measure("response_time", Observation::responseTimeMs, "no response");
        }

        static Measure timing(String phase) {
            return new Measure("timing." + phase, o -> o.timingMs(phase), "no " + phase + " timing");
        }

        static Measure tlsDaysLeft() {
            return new Measure("tls.days_left", Observation::tlsDaysLeft, "no TLS");
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
            return number(read.apply(context.observation()), absentReason);
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

}
