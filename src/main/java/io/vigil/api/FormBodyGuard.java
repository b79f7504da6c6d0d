package io.vigil.api;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.util.List;

/**
 * Refuses a form body ({@code application/x-www-form-urlencoded}, or multipart) with a field whose name or value holds
 * NUL ({@code %00}, or a raw 0 byte) with a 400 problem+json naming the field: one place for every {@code @RestForm}
 * route, as {@link UriGuard} is for paths and queries and {@link JsonBodyGuard} for JSON bodies. For a route that takes
 * form fields it runs once RESTEasy has read the form ({@link WithFormRead}) and before the resource sees any; for any
 * other request there is no form and it does nothing.
 * The refusal is a {@link NulInForm}: {@link ProblemMapper} renders it, unless the route's class maps it itself (an
 * HTML form answering with the form again, the field marked).
 */
public class FormBodyGuard {

    static final String MESSAGE = UriGuard.NUL_MESSAGE + " (%00)";

    @WithFormRead
    @ServerRequestFilter
    public void refuseNul(ResteasyReactiveContainerRequestContext request) {
        if (request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context
                && context.getFormData() != null) {
            String field = fieldWithNul(context.getFormData());
            if (field != null) {
                throw new NulInForm(field);
            }
        }
    }

    /** A form field holding NUL: a 400 naming it. */
    public static final class NulInForm extends ApiException {

        private final String field;

        NulInForm(String field) {
            super(400, "Invalid request", field + ": " + MESSAGE, List.of(new FieldError(field, MESSAGE)), null);
            this.field = field;
        }

        /** The field as the form names it ({@code %00} for a NUL in its name). */
        public String field() {
            return field;
        }
    }

    /** The first field holding NUL in its name or in a text value, as the form names it ({@code %00} for a NUL). */
    static String fieldWithNul(FormData form) {
        for (String name : form) {
            if (name.indexOf('\0') >= 0) {
                return name.replace("\0", "%00");
            }
            for (FormValue value : form.get(name)) {
                if (!value.isFileItem() && value.getValue() != null && value.getValue().indexOf('\0') >= 0) {
                    return name;
                }
            }
        }
        return null;
    }
}
