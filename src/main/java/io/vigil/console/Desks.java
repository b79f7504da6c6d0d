package io.vigil.console;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.auth.Caller;
import io.vigil.auth.Role;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import io.vigil.people.Memberships.WorkspaceView;
import io.vigil.people.WorkspaceService;
import io.vigil.people.login.AccountForms;
import io.vigil.people.login.Web;
import io.vigil.statuspage.StatusPagesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The door of every console route: a live session (else a redirect to {@code /login?next=}), the workspace looked at
 * (cookie {@value #WORKSPACE_COOKIE} holding its slug, checked against the person's memberships on every request, else
 * their first), and for forms the CSRF token of the session plus a same-site {@code Origin}, and the role the form needs.
 */
@ApplicationScoped
public class Desks {

    static final String WORKSPACE_COOKIE = "vigil_workspace";
    static final String FORM = "console";

    @Inject
    Sessions sessions;
    @Inject
    WorkspaceService workspaces;
    @Inject
    AccountForms forms;
    @Inject
    StatusPagesConfig pages;

    /** A page (GET): {@code handler} runs for a signed-in person with a workspace. */
    public Uni<Response> page(HttpHeaders headers, HttpServerRequest request, String here, Function<Desk, Uni<Response>> handler) {
        return open(headers, request, here, null, handler);
    }

    /** A page in the given workspace (a link to one of its objects), if the person belongs to it. */
    public Uni<Response> pageIn(UUID workspaceId, HttpHeaders headers, HttpServerRequest request, String here,
                                Function<Desk, Uni<Response>> handler) {
        return open(headers, request, here, workspaceId, handler);
    }

    /**
     * A form (POST): refused with {@code 403} without this session's token or from another site, and with {@code 403}
     * below {@code needed}, before {@code handler} runs.
     */
    public Uni<Response> form(String csrf, Role needed, HttpHeaders headers, HttpServerRequest request, String here,
                              Function<Desk, Uni<Response>> handler) {
        return open(headers, request, here, null, guarded(csrf, needed, handler));
    }

    /** A form about an object of workspace {@code workspaceId} (null: none such; the answer is then a 404). */
    public Uni<Response> formIn(UUID workspaceId, String csrf, Role needed, HttpHeaders headers, HttpServerRequest request,
                                String here, Function<Desk, Uni<Response>> handler) {
        return open(headers, request, here, workspaceId == null ? NOWHERE : workspaceId, guarded(csrf, needed, handler));
    }

    /** No workspace has this id: a wanted workspace nobody belongs to. */
    private static final UUID NOWHERE = new UUID(0, 0);

    /**
     * The token is bound to the session and to the workspace the form was shown in: a form left open in a tab after
     * switching workspace elsewhere is refused rather than acting in the other workspace.
     */
    private Function<Desk, Uni<Response>> guarded(String csrf, Role needed, Function<Desk, Uni<Response>> handler) {
        return desk -> {
            if (!forms.valid(formName(desk.workspace().id()), desk.me(), csrf) || desk.web().crossSite()) {
                return Web.formExpired();
            }
            if (!desk.caller().role().atLeast(needed)) {
                return Web.html(403, ConsoleProblem.Templates.problem(desk, "Not allowed",
                        "Your role in " + desk.workspace().name() + " is " + desk.caller().role().wire()
                                + "; this needs " + needed.wire() + " or higher."));
            }
            return handler.apply(desk);
        };
    }

    private static String formName(UUID workspaceId) {
        return FORM + ":" + workspaceId;
    }

    /**
     * The desk of a request that is not a page (a live stream): empty without a live session or a workspace; in
     * {@code wanted} when given and the person belongs to it.
     */
    public Uni<Optional<Desk>> desk(HttpHeaders headers, HttpServerRequest request, UUID wanted) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            Optional<Session> me = found.filter(Session::active);
            if (me.isEmpty()) {
                return Uni.createFrom().item(Optional.<Desk>empty());
            }
            Session session = me.get();
            Caller person = new Caller(null, session.userId(), null, null, session.instanceAdmin(), web.client());
            return workspaces.mine(person).map(all -> {
                WorkspaceView current = all.isEmpty() ? null : choose(all, wanted, slug(headers));
                return current == null ? Optional.<Desk>empty() : Optional.of(desk(web, session, current, all));
            });
        });
    }

    private Desk desk(Web web, Session session, WorkspaceView current, List<WorkspaceView> all) {
        Caller caller = new Caller(current.id(), session.userId(), current.role(), null, session.instanceAdmin(), web.client());
        return new Desk(web, session, caller, current, all, forms.issue(formName(current.id()), session),
                forms.issue("logout", session));
    }

    private static String slug(HttpHeaders headers) {
        return headers.getCookies().containsKey(WORKSPACE_COOKIE) ? headers.getCookies().get(WORKSPACE_COOKIE).getValue() : null;
    }

    private Uni<Response> open(HttpHeaders headers, HttpServerRequest request, String here, UUID wanted,
                               Function<Desk, Uni<Response>> handler) {
        Web web = Web.of(headers, request, pages.trustForwarded());
        return sessions.resolve(web.sessionToken()).chain(found -> {
            Optional<Session> me = found.filter(Session::active);
            if (me.isEmpty()) {
                return Uni.createFrom().item(Web.seeOther("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8)).build());
            }
            Session session = me.get();
            Caller person = new Caller(null, session.userId(), null, null, session.instanceAdmin(), web.client());
            return workspaces.mine(person).chain(all -> {
                if (all.isEmpty()) {
                    return Web.html(200, ConsoleProblem.Templates.noWorkspace(session.email()));
                }
                WorkspaceView current = choose(all, wanted, slug(headers));
                if (current == null) {
                    return Web.html(404, ConsoleProblem.Templates.problem(null, "Not found",
                            "There is nothing here that you may see."));
                }
                return handler.apply(desk(web, session, current, all));
            });
        });
    }

    /** The wanted workspace (null when the person is not in it), else the cookie's, else the first. */
    private static WorkspaceView choose(List<WorkspaceView> all, UUID wanted, String slug) {
        if (wanted != null) {
            return all.stream().filter(w -> w.id().equals(wanted)).findFirst().orElse(null);
        }
        return all.stream().filter(w -> w.slug().equals(slug)).findFirst().orElse(all.get(0));
    }

    /** The cookie that remembers the workspace looked at (not a secret: membership is checked on every request). */
    static NewCookie workspaceCookie(Desk desk, String slug) {
        return new NewCookie.Builder(WORKSPACE_COOKIE).value(slug).path("/").httpOnly(true).secure(desk.web().secure())
                .sameSite(NewCookie.SameSite.LAX).maxAge(60 * 60 * 24 * 365).build();
    }
}
