package io.vigil.check.assertion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/** The JSON setup shared by parsing and rendering. */
final class Json {

    /*
     * Jackson rather than JsonPath's default json-smart: json-smart's permissive mode accepts text that is not
     * JSON (bare words, trailing junk), which would turn "not JSON" into confusing comparisons. Big decimals keep
     * 0.1 exact for numeric comparison.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final Configuration CONFIGURATION = configuration(new JacksonJsonProvider(MAPPER));

    private Json() {
    }

    static Configuration configuration(JacksonJsonProvider provider) {
        return Configuration.builder()
                .jsonProvider(provider)
                .mappingProvider(new JacksonMappingProvider(MAPPER))
                .build();
    }

    /** JSON text of a value from a parsed document, so a string {@code "200"} and a number {@code 200} differ. */
    static String render(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
