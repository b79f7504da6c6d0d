package io.vigil.check.assertion;

import com.jayway.jsonpath.Configuration;

/**
 * One observation plus what was derived from it, so that several conditions share the work: the body is parsed
 * as JSON at most once, and only if some condition asks for it. Meant for one probe result on one thread.
 */
public final class EvaluationContext {

    private final Observation observation;
    private final Configuration jsonConfiguration;
    private Observed document;

    private EvaluationContext(Observation observation, Configuration jsonConfiguration) {
        this.observation = observation;
        this.jsonConfiguration = jsonConfiguration;
    }

    public static EvaluationContext of(Observation observation) {
        return new EvaluationContext(observation, Json.CONFIGURATION);
    }

    /** Lets tests substitute the JSON provider, e.g. to count parses. */
    static EvaluationContext of(Observation observation, Configuration jsonConfiguration) {
        return new EvaluationContext(observation, jsonConfiguration);
    }

    public Observation observation() {
        return observation;
    }

    Configuration jsonConfiguration() {
        return jsonConfiguration;
    }

    /** The parsed body, or why there is none. */
    Observed document() {
        if (document == null) {
            document = parseBody();
        }
        return document;
    }

    private Observed parseBody() {
        String body = observation.body();
        if (body == null) {
            return Subject.Body.absent(observation);
        }
        try {
            return new Observed.Present(jsonConfiguration.jsonProvider().parse(body), true);
        } catch (RuntimeException e) {
            return new Observed.Absent("not JSON", false);
        }
    }
}
