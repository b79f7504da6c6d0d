package io.vigil.statuspage.subscribe;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vigil.api.ApiException;
import io.vigil.api.FieldError;
import io.vigil.api.FormBodyGuard;
import io.vigil.api.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.statuspage.PageAccess;
import io.vigil.statuspage.PageForms;
import io.vigil.statuspage.StatusPagesConfig;
import io.vigil.statuspage.VisitorThrottle;
import io.vigil.statuspage.StatusSnapshot;
import io.vigil.statuspage.StatusSnapshots;
import io.vigil.statuspage.html.PageModel;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Visitors' side of status page subscriptions, all under the page and all usable without JavaScript:
 * <ul>
 * <li>{@code GET /status/{slug}/subscribe}: the form; {@code POST} it (form fields {@code email} or {@code webhookUrl},
 * and the page's form token) or send JSON ({@code {"email": ...}} → 202, {@code {"webhookUrl": ...}} → 201 with the
 * signing secret, shown once). A protected page takes subscriptions only from visitors who unlocked it.</li>
 * <li>{@code /status/{slug}/subscriptions/{id}/confirm?token=...}: GET shows a button, POST confirms. A GET never
 * changes anything, so mail scanners that open links cannot confirm (or unsubscribe) for anyone.</li>
 * <li>{@code /status/{slug}/subscriptions/{id}/unsubscribe?token=...}: GET shows a button; POST unsubscribes at once,
 * which is also the RFC 8058 one-click unsubscribe mail clients send.</li>
 * </ul>
 */
@Tag(name = "Subscriptions")
@Path("/status/{slug}")
public class SubscriptionResource {

    static final String HTML = "text/html;charset=UTF-8";

    @CheckedTemplate
    static class Templates {
        /** {@code invalid}: the field to mark ({@code email}, {@code webhookUrl}), or null. */
        static native TemplateInstance subscribe(PageModel.Chrome chrome, String csrf, String email, String webhookUrl,
                                                 String error, String invalid);

        static native TemplateInstance subscribed(PageModel.Chrome chrome, String email, long days,
                                                  Subscriptions.WebhookSubscription webhook);

        static native TemplateInstance action(PageModel.Chrome chrome, String heading, String message, String action,
                                              String button);

        static native TemplateInstance notice(PageModel.Chrome chrome, String heading, String message);
    }

    @Inject
    StatusSnapshots snapshots;
    @Inject
    PageAccess access;
    @Inject
    Subscriptions subscriptions;
    @Inject
    VisitorThrottle throttle;
    @Inject
    StatusPagesConfig config;

    @Operation(summary = "Show the subscribe form")
    @GET
    @Path("subscribe")
    @Produces(HTML)
    public Uni<Response> form(@RestPath String slug, @Context HttpHeaders headers) {
        return visible(slug, headers, s -> Uni.createFrom().item(
                html(200, Templates.subscribe(PageModel.chrome(s), access.loginFormToken(s), null, null, null, null))));
    }

    @Operation(summary = "Subscribe to a status page (form or JSON)")
    @POST
    @Path("subscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(HTML)
    public Uni<Response> subscribeForm(@RestPath String slug, @RestForm String email, @RestForm String webhookUrl,
                                       @RestForm(PageAccess.CSRF_FIELD) String csrf, @Context HttpHeaders headers,
                                       @Context HttpServerRequest request) {
        return visible(slug, headers, s -> {
            PageModel.Chrome chrome = PageModel.chrome(s);
            if (!access.validLoginFormToken(s, csrf)
                    || PageForms.crossSite(headers, PageForms.host(headers, request), config.trustForwarded())) {
                return Uni.createFrom().item(html(403, Templates.subscribe(chrome, access.loginFormToken(s), email, webhookUrl,
                        "This form has expired. Please send it again.", null)));
            }
            boolean webhook = blank(email) && !blank(webhookUrl);
            Uni<Response> done = counted(s, headers, request).chain(() -> webhook
                    ? subscriptions.subscribeWebhook(s.page(), webhookUrl)
                    .map(w -> html(201, Templates.subscribed(chrome, null, 0, w)))
                    : subscriptions.subscribeEmail(s.page(), email == null ? "" : email)
                    .map(x -> html(200, Templates.subscribed(chrome, email.trim(), SubscriberTokens.CONFIRM_WITHIN.toDays(), null))));
            return done.onFailure(ApiException.class).recoverWithItem(e -> {
                ApiException problem = (ApiException) e;
                Response r = html(problem.status(), Templates.subscribe(chrome, access.loginFormToken(s), email, webhookUrl,
                        explain(problem), field(problem)));
                return problem.retryAfter() == null ? r
                        : Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, problem.retryAfter()).build();
            });
        });
    }

    @Operation(summary = "Subscribe to a status page (form or JSON)")
    @APIResponse(responseCode = "202", description = "An e-mail subscription: pending until confirmed by the mailed link",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "201",
            description = "A webhook subscription, with its signing secret (shown once); `Location` is its unsubscribe link",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @POST
    @Path("subscribe")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> subscribeJson(@RestPath String slug, Map<String, Object> body, @Context HttpHeaders headers,
                                       @Context HttpServerRequest request) {
        return snapshots.bySlug(slug).chain(found -> {
            StatusSnapshot s = found.filter(p -> access.allowed(p, headers))
                    .orElseThrow(() -> ApiException.notFound("status page " + slug));
            Object email = body == null ? null : body.get("email");
            Object webhookUrl = body == null ? null : body.get("webhookUrl");
            if ((email == null) == (webhookUrl == null)) {
                throw ApiException.invalid(List.of(new FieldError(email == null ? "email" : "webhookUrl",
                        "give exactly one of email and webhookUrl")));
            }
            if (!((email == null ? webhookUrl : email) instanceof String value)) {
                throw ApiException.invalid(email == null ? "webhookUrl" : "email", "must be a string");
            }
            Uni<Void> counted = counted(s, headers, request);
            if (email != null) {
                return counted.chain(() -> subscriptions.subscribeEmail(s.page(), value)).map(x -> Response.accepted(Map.of("status", "pending",
                        "detail", "If the address can receive mail, a link to confirm the subscription is on its way.")).build());
            }
            return counted.chain(() -> subscriptions.subscribeWebhook(s.page(), value)).map(w -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", w.id());
                out.put("webhookUrl", w.url());
                out.put("secret", w.secret());
                out.put("unsubscribeUrl", w.unsubscribeUrl());
                // The unsubscribe link is the one address a webhook subscription has.
                return Response.created(URI.create(w.unsubscribeUrl())).entity(out).build();
            });
        });
    }

    @Operation(summary = "Show the confirm button")
    @GET
    @Path("subscriptions/{id}/confirm")
    @Produces(HTML)
    public Uni<Response> confirmForm(@RestPath String slug, @RestPath String id, @RestQuery String token,
                                     @Context HttpHeaders headers) {
        return button(slug, id, token, headers, "confirm", "Confirm your subscription", "Confirm subscription",
                title -> "Confirm that you want e-mail about incidents on " + title + ".");
    }

    @Operation(summary = "Confirm a subscription")
    @POST
    @Path("subscriptions/{id}/confirm")
    @Produces(HTML)
    public Uni<Response> confirm(@RestPath String slug, @RestPath String id, @RestQuery String token,
                                 @Context HttpHeaders headers) {
        return act(slug, id, token, headers, subscriptions::confirm, "You are subscribed",
                title -> "You will get an e-mail when an incident on " + title + " is opened, updated or resolved.",
                "This link has expired", "The confirmation link is no longer valid. Subscribe again to get a new one.");
    }

    @Operation(summary = "Show the unsubscribe button")
    @GET
    @Path("subscriptions/{id}/unsubscribe")
    @Produces(HTML)
    public Uni<Response> unsubscribeForm(@RestPath String slug, @RestPath String id, @RestQuery String token,
                                         @Context HttpHeaders headers) {
        return button(slug, id, token, headers, "unsubscribe", "Unsubscribe", "Unsubscribe",
                title -> "Stop receiving updates about " + title + "?");
    }

    /** The button's POST, and RFC 8058 one-click unsubscribe (the body, {@code List-Unsubscribe=One-Click}, is not needed). */
    @Operation(summary = "Unsubscribe from a status page")
    @POST
    @Path("subscriptions/{id}/unsubscribe")
    @Produces(HTML)
    public Uni<Response> unsubscribe(@RestPath String slug, @RestPath String id, @RestQuery String token,
                                     @Context HttpHeaders headers) {
        return act(slug, id, token, headers, subscriptions::unsubscribe, "You are unsubscribed",
                title -> "You will get no more updates about " + title + ".",
                "This link is not valid", "Use the unsubscribe link from the latest message you received.");
    }

    /** A link's GET: a page with one button that POSTs the same link (a GET never changes anything). */
    private Uni<Response> button(String slug, String id, String token, HttpHeaders headers, String what, String heading,
                                 String button, Function<String, String> message) {
        return withSubscription(slug, id, headers, (subscription, chrome) -> Uni.createFrom().item(html(200,
                Templates.action(chrome, heading, message.apply(chrome.title()), link(chrome, slug, id, what, token), button))));
    }

    /** A link's POST: the action by the subscription's id and the link's token, then what came of it. */
    private Uni<Response> act(String slug, String id, String token, HttpHeaders headers,
                              BiFunction<UUID, String, Uni<Boolean>> action, String done, Function<String, String> doneMessage,
                              String failed, String failedMessage) {
        return withSubscription(slug, id, headers, (subscription, chrome) -> subscription
                .map(s -> action.apply(s, token))
                .orElse(Uni.createFrom().item(false))
                .map(ok -> ok ? html(200, Templates.notice(chrome, done, doneMessage.apply(chrome.title())))
                        : html(400, Templates.notice(chrome, failed, failedMessage))));
    }

    /**
     * Counts a subscription attempt of this client on this page ({@link VisitorThrottle#SUBSCRIBE}: each may send an
     * e-mail, so nobody uses the page to mail-bomb addresses): a 429 with Retry-After beyond it; a 503 when it cannot
     * be counted.
     */
    private Uni<Void> counted(StatusSnapshot s, HttpHeaders headers, HttpServerRequest request) {
        String client = PageForms.client(headers, request, config.trustForwarded());
        return throttle.attempt(VisitorThrottle.SUBSCRIBE, s.page().id(), client)
                .onFailure().transform(e -> new ApiException(503, "Service unavailable",
                        "subscribing is not possible right now; try again shortly", null, "5"))
                .invoke(wait -> wait.ifPresent(w -> {
                    long seconds = Math.max(1, w.toSeconds());
                    throw new ApiException(429, "Too many requests", "Too many subscription requests from your address; "
                            + "try again in " + Math.max(1, (seconds + 59) / 60) + " minute(s).", null, Long.toString(seconds));
                }))
                .replaceWithVoid();
    }

    /** A page the visitor may see; a protected one not unlocked sends them to its password form. */
    private Uni<Response> visible(String slug, HttpHeaders headers, Function<StatusSnapshot, Uni<Response>> then) {
        return snapshots.bySlug(slug).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(notFound());
            }
            StatusSnapshot s = found.get();
            if (!access.allowed(s, headers)) {
                return Uni.createFrom().item(Response.seeOther(java.net.URI.create(PageModel.Chrome.locked(s.page()).home()))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
            }
            return then.apply(s);
        });
    }

    /**
     * The page of a subscription, for the frame around a confirm or unsubscribe answer: found by the subscription (the
     * slug in the link may have changed since it was sent), else by the slug, else none. Only the title of a protected
     * page the visitor has not unlocked. Links in e-mail work without the password: the token is the authority.
     */
    private Uni<Response> withSubscription(String slug, String id, HttpHeaders headers,
                                           BiFunction<Optional<UUID>, PageModel.Chrome, Uni<Response>> then) {
        Optional<UUID> subscription = uuid(id);
        Uni<Optional<StatusSnapshot>> page = subscription.isEmpty() ? snapshots.bySlug(slug)
                : subscriptions.pageOf(subscription.get()).chain(p -> p.isPresent() ? snapshots.byId(p.get()) : snapshots.bySlug(slug));
        return page.chain(found -> then.apply(subscription, found
                .map(s -> access.allowed(s, headers) ? PageModel.chrome(s) : PageModel.Chrome.locked(s.page()))
                .orElseGet(() -> PageModel.Chrome.plain("Status page"))));
    }

    private static String link(PageModel.Chrome chrome, String slug, String id, String what, String token) {
        String home = chrome.home() != null ? chrome.home()
                : "/status/" + java.net.URLEncoder.encode(slug, java.nio.charset.StandardCharsets.UTF_8);
        return home + "/subscriptions/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                + "/" + what + "?token=" + java.net.URLEncoder.encode(token == null ? "" : token, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A form field {@link FormBodyGuard} refused (NUL) before the form route ran: answered like every refused
     * subscription, with the form again and the field marked (its values are not echoed). The form route is the only
     * one here that reads a form; a page the visitor may not see gets the guard's problem+json.
     */
    @ServerExceptionMapper
    public Uni<Response> nulInForm(FormBodyGuard.NulInForm e, UriInfo uri, HttpHeaders headers) {
        return snapshots.bySlug(uri.getPathParameters().getFirst("slug")).map(found -> found
                .filter(s -> access.allowed(s, headers))
                .map(s -> html(400, Templates.subscribe(PageModel.chrome(s), access.loginFormToken(s), null, null,
                        explain(e), field(e))))
                .orElseGet(() -> ProblemMapper.render(e)));
    }

    private static String field(ApiException e) {
        return e.errors() == null || e.errors().isEmpty() ? null : e.errors().get(0).field();
    }

    private static String explain(ApiException e) {
        List<FieldError> errors = e.errors();
        if (errors == null || errors.isEmpty()) {
            return e.getMessage();
        }
        FieldError first = errors.get(0);
        String what = switch (first.field()) {
            case "webhookUrl" -> "The webhook URL ";
            case "email" -> "The e-mail address ";
            default -> "The form ";
        };
        return what + first.message() + ".";
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Response notFound() {
        return html(404, Templates.notice(PageModel.Chrome.plain("Status page not found"), "Status page not found",
                "There is no status page at this address."));
    }

    private static Response html(int status, TemplateInstance template) {
        return Response.status(status).type(HTML).entity(template.render())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
