package io.vigil.console;

import io.vigil.people.login.Web;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /} leads to the console. */
@Tag(name = "Console")
@Path("/")
public class ConsoleHome {

    @Operation(summary = "The start page: the console")
    @GET
    public Response home() {
        return Web.seeOther("/console").build();
    }
}
