package io.vigil.console;

import io.vigil.auth.Caller;
import io.vigil.auth.Role;
import io.vigil.auth.session.Session;
import io.vigil.people.Memberships.WorkspaceView;
import io.vigil.people.login.Web;

import java.util.List;

/**
 * One console request of a signed-in person: who, the workspace they are looking at (and the others they may switch
 * to), the {@link Caller} the shared services take (their role there, acting as themselves), and the CSRF token of
 * this session's console forms.
 */
public record Desk(Web web, Session me, Caller caller, WorkspaceView workspace, List<WorkspaceView> workspaces, String csrf,
                   String logoutCsrf) {

    /** Whether the person may change checks, pages, incidents here (editor and up); pages hide controls otherwise. */
    public boolean canEdit() {
        return caller.role().atLeast(Role.EDITOR);
    }

    public boolean canAdmin() {
        return caller.role().atLeast(Role.ADMIN);
    }
}
