package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.api.ApiException;
import io.vigil.auth.Role;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckService;
import io.vigil.people.login.Web;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /console/checks/paste}: paste a list of URLs, one per line, to create an HTTP check for each (named by host
 * and path, with optional tags and interval). Every line is validated by the same rules as {@code POST /api/v1/checks}
 * first; if any is refused, nothing is created and the form comes back with each refused line and why.
 */
@Tag(name = "Console")
@Path("/console/checks/paste")
public class PastePage {

    static final int MAX_LINES = 500;

    /** A refused line: its number, the text, and the API's reason. */
    @TemplateData
    public record Refused(int line, String text, String reason) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance paste(Desk desk, String urls, String tags, String interval, String error,
                                             String invalid, List<Refused> refused);
    }

    @Inject
    Desks desks;
    @Inject
    CheckService checks;

    @Operation(summary = "The form to create checks from a list of URLs")
    @GET
    public Uni<Response> form(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        return desks.page(headers, request, "/console/checks/paste", desk -> desk.canEdit()
                ? Web.html(200, Templates.paste(desk, "", "", "60", null, null, List.of()))
                : Web.html(403, ConsoleProblem.Templates.problem(desk, "Not allowed", "Creating checks needs the editor role.")));
    }

    @Operation(summary = "Create one HTTP check per pasted URL (all or nothing)")
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@RestForm String urls, @RestForm String tags, @RestForm String interval, @RestForm String csrf,
                                @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return desks.form(csrf, Role.EDITOR, headers, request, "/console/checks/paste", desk -> {
            String text = urls == null ? "" : urls;
            List<String> lines = Arrays.stream(text.split("\\R")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (lines.isEmpty()) {
                return again(desk, text, tags, interval, "Paste at least one URL.", "urls", List.of());
            }
            if (lines.size() > MAX_LINES) {
                return again(desk, text, tags, interval, "At most " + MAX_LINES + " URLs at once.", "urls", List.of());
            }
            Integer seconds;
            try {
                seconds = interval == null || interval.isBlank() ? null : Integer.valueOf(interval.strip());
            } catch (NumberFormatException e) {
                return again(desk, text, tags, interval, "The interval must be a whole number of seconds.", "interval", List.of());
            }
            List<String> tagList = tags == null || tags.isBlank() ? List.of()
                    : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            List<CheckRequest> requests = lines.stream().map(l -> request(l, tagList, seconds)).toList();
            return refusals(desk, lines, requests).chain(refused -> refused.isEmpty()
                    ? checks.requireRoomFor(desk.caller(), requests.size())
                            .chain(() -> createAll(desk, requests)).map(n -> Web.seeOther("/console?notice=created&n=" + n).build())
                            .onFailure(ApiException.class).recoverWithUni(e -> again(desk, text, tags, interval,
                                    e.getMessage(), "urls", List.of()))
                    : again(desk, text, tags, interval, refused.size() + " of " + lines.size()
                            + " lines were refused; nothing was created.", refused.get(0).reason().startsWith("interval") ? "interval" : "urls", refused));
        });
    }

    static CheckRequest request(String url, List<String> tags, Integer interval) {
        return new CheckRequest(name(url), "http", url, null, null, null, interval, null, null, null, null, null, null, null,
                null, tags, null, null, null, null);
    }

    /** "shop.example.com/health" for https://shop.example.com/health; the line itself if it is no URL. */
    static String name(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() != null) {
                String path = u.getRawPath() == null || u.getRawPath().equals("/") ? "" : u.getRawPath();
                String name = u.getHost() + path;
                return name.length() > 200 ? name.substring(0, 200) : name;
            }
        } catch (IllegalArgumentException e) {
            // the validator says what is wrong with it
        }
        return url.length() > 200 ? url.substring(0, 200) : url;
    }

    private Uni<List<Refused>> refusals(Desk desk, List<String> lines, List<CheckRequest> requests) {
        List<Refused> refused = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < requests.size(); i++) {
            int n = i;
            chain = chain.chain(() -> checks.validate(desk.caller(), requests.get(n))
                    .onFailure(ApiException.class).recoverWithItem(e -> {
                        refused.add(new Refused(n + 1, lines.get(n), e.getMessage()));
                        return null;
                    }));
        }
        return chain.map(x -> refused);
    }

    /**
     * One create per line, as the API does it. Every line passed validation and the limits just before; a check created
     * meanwhile by someone else can still make a late line hit the limit, and the answer then says so.
     */
    private Uni<Integer> createAll(Desk desk, List<CheckRequest> requests) {
        return Multi.createFrom().iterable(requests).onItem().transformToUniAndConcatenate(r -> checks.create(desk.caller(), r))
                .collect().asList().map(List::size);
    }

    private static Uni<Response> again(Desk desk, String urls, String tags, String interval, String error, String invalid,
                                       List<Refused> refused) {
        return Web.html(400, Templates.paste(desk, urls, tags == null ? "" : tags, interval == null ? "" : interval, error,
                invalid, refused));
    }
}
