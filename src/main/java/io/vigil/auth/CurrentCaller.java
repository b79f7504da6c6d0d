package io.vigil.auth;

import io.vigil.api.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** Request-scoped holder filled by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized("send Authorization: Bearer <token>");
        }
        return caller;
    }
}
