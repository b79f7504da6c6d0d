package io.vigil.auth.totp;

import io.vigil.api.Problem;
import io.vigil.api.ProblemMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The 401 of a password login that still needs its second factor: a problem with {@code "otpRequired": true}. */
public record OtpRequiredProblem(String type, String title, int status, String detail, boolean otpRequired) {

    public static final String HEADER = "Vigil-OTP";

    public static Response response(String detail) {
        Problem p = (Problem) ProblemMapper.response(401, detail).getEntity();
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"vigil\"")
                .entity(new OtpRequiredProblem(p.type(), p.title(), p.status(), p.detail(), true))
                .build();
    }
}
