package io.vigil.egress;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A classified failure with a message a person can act on. */
public record ProbeError(@JsonProperty("class") ErrorClass errorClass, String message) {
}
